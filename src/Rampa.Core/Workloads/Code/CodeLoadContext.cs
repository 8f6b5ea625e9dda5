using System.Reflection;
using System.Runtime.Loader;

namespace Rampa.Core.Workloads.Code;

/// <summary>
/// A scenario assembly and its dependencies, loaded for one run only, in a collectible context: two runs of two builds
/// of the same assembly on one process each run their own code, and <see cref="Dispose"/> lets the runtime unload it.
/// Rampa.Sdk and everything the host already has (the framework) come from the host, so the engine and the scenario
/// share the <c>Worker</c> type.
/// </summary>
public sealed class CodeLoadContext : IDisposable
{
    private readonly LoadContext _context;

    private CodeLoadContext(LoadContext context, Assembly assembly, string path)
    {
        _context = context;
        Assembly = assembly;
        AssemblyPath = path;
    }

    public Assembly Assembly { get; }
    public string AssemblyPath { get; }
    public bool IsUnloaded { get; private set; }

    /// <summary>Loads <paramref name="assemblyPath"/> (a built scenario .dll, with its .deps.json beside it when it has dependencies).</summary>
    /// <exception cref="CodeLoadException">The file is missing or not a .NET assembly.</exception>
    public static CodeLoadContext Load(string assemblyPath)
    {
        var path = Path.GetFullPath(assemblyPath);
        if (!File.Exists(path)) throw new CodeLoadException($"{assemblyPath}: no such file");
        var context = new LoadContext(path);
        try
        {
            // From a stream, so the file is not locked and can be rebuilt while a run uses the loaded copy.
            using var stream = File.OpenRead(path);
            var pdb = Path.ChangeExtension(path, ".pdb");
            using var symbols = File.Exists(pdb) ? File.OpenRead(pdb) : null;
            var assembly = context.LoadFromStream(stream, symbols);
            return new CodeLoadContext(context, assembly, path);
        }
        catch (BadImageFormatException)
        {
            context.Unload();
            throw new CodeLoadException($"{assemblyPath}: not a .NET assembly");
        }
    }

    public void Dispose()
    {
        if (IsUnloaded) return;
        IsUnloaded = true;
        _context.Unload();
    }

    private sealed class LoadContext(string mainPath) : AssemblyLoadContext($"rampa-code:{Path.GetFileName(mainPath)}", isCollectible: true)
    {
        private readonly AssemblyDependencyResolver _resolver = new(mainPath);
        private readonly string _folder = Path.GetDirectoryName(mainPath)!;

        private static readonly HashSet<string?> SdkReferences =
        [
            typeof(Rampa.Sdk.WorkerGrpc).Assembly.GetName().Name,
            .. typeof(Rampa.Sdk.WorkerGrpc).Assembly.GetReferencedAssemblies().Select(a => a.Name),
        ];

        protected override Assembly? Load(AssemblyName name)
        {
            // Shared with the host: the SDK (one Worker type) and whatever the host already loaded (framework, Rampa).
            if (name.Name == typeof(Rampa.Sdk.Worker).Assembly.GetName().Name) return null;
            // The SDK's protocol packages and their dependencies too (Grpc.Core.Api: worker.Grpc's CallInvoker is the host's type).
            if (SdkReferences.Contains(name.Name)) return null;
            if (Default.Assemblies.Any(a => AssemblyName.ReferenceMatchesDefinition(name, a.GetName()))) return null;
            var path = _resolver.ResolveAssemblyToPath(name) ?? Probe(name);
            if (path is null) return null;
            using var stream = File.OpenRead(path);
            return LoadFromStream(stream);
        }

        /// <summary>A dependency copied beside the assembly without a .deps.json entry (a plain bundle of files).</summary>
        private string? Probe(AssemblyName name)
        {
            var candidate = Path.Combine(_folder, name.Name + ".dll");
            return File.Exists(candidate) ? candidate : null;
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
            _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
    }
}

/// <summary>A scenario assembly that cannot be loaded or whose scenarios are wrongly declared (exit 104).</summary>
public sealed class CodeLoadException(string message) : Exception(message);
