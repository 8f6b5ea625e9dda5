using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using Rampa.Core.Scenarios;

namespace Rampa.Core.Workloads.Code;

/// <summary>
/// Where a method of a scenario assembly is in its sources (file:line:col of its first statement), read from the
/// portable PDB beside the assembly, so that a mistake in a scenario is reported at its place. Without a PDB a place
/// is the assembly's file name.
/// </summary>
public sealed class CodeSourceMap
{
    private readonly Dictionary<int, SourceLocation> _byToken = new();
    private readonly string _assemblyFile;

    private CodeSourceMap(string assemblyFile) => _assemblyFile = assemblyFile;

    public static CodeSourceMap Read(string assemblyPath)
    {
        var map = new CodeSourceMap(Path.GetFileName(assemblyPath));
        var pdb = Path.ChangeExtension(assemblyPath, ".pdb");
        if (!File.Exists(pdb)) return map;
        try
        {
            using var stream = File.OpenRead(pdb);
            using var provider = MetadataReaderProvider.FromPortablePdbStream(stream);
            var reader = provider.GetMetadataReader();
            foreach (var handle in reader.MethodDebugInformation)
            {
                var info = reader.GetMethodDebugInformation(handle);
                foreach (var point in info.GetSequencePoints())
                {
                    if (point.IsHidden || point.Document.IsNil) continue;
                    var file = reader.GetString(reader.GetDocument(point.Document).Name);
                    var token = MetadataTokens.GetToken(handle.ToDefinitionHandle());
                    map._byToken[token] = new SourceLocation(RelativeName(file), point.StartLine, point.StartColumn);
                    break;
                }
            }
        }
        catch (Exception e) when (e is BadImageFormatException or IOException or InvalidOperationException)
        {
            // Not a portable PDB (or unreadable): places fall back to the assembly's name.
        }
        return map;
    }

    /// <summary>The method's first statement; an async method's is in its state machine, found by name.</summary>
    public SourceLocation Of(MethodInfo method)
    {
        if (_byToken.TryGetValue(method.MetadataToken, out var at)) return at;
        var stateMachine = method.GetCustomAttribute<System.Runtime.CompilerServices.AsyncStateMachineAttribute>()?.StateMachineType;
        var moveNext = stateMachine?.GetMethod("MoveNext", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
        if (moveNext is not null && _byToken.TryGetValue(moveNext.MetadataToken, out var inside)) return inside;
        return new SourceLocation(_assemblyFile, 0, 0);
    }

    /// <summary>The assembly itself, for what has no method (assembly attributes).</summary>
    public SourceLocation Assembly => new(_assemblyFile, 0, 0);

    /// <summary>A source path as the user knows it: relative to the current folder when inside it.</summary>
    private static string RelativeName(string file)
    {
        try
        {
            var relative = Path.GetRelativePath(Environment.CurrentDirectory, file);
            return relative.StartsWith("..", StringComparison.Ordinal) ? file : relative;
        }
        catch (ArgumentException)
        {
            return file;
        }
    }
}
