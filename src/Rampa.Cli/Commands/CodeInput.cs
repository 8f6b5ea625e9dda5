using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Rampa.Orleans.Contracts;

namespace Rampa.Cli.Commands;

/// <summary>
/// A C# scenario project given to <c>rampa run</c>/<c>validate</c> (the argument, or <c>--code</c>): a folder with one
/// .csproj, a .csproj, or a built .dll. A project is built first (<c>dotnet build -c Release</c>); one that does not
/// compile is exit 107 with the compiler's <c>file:line:col</c> errors.
/// </summary>
internal static partial class CodeInput
{
    [GeneratedRegex(@"^\s*(?<file>[^\s(][^(]*)\((?<line>\d+),(?<col>\d+)\): error (?<code>[A-Z]+\d+): (?<message>.*?)( \[[^\]]+\])?$", RegexOptions.CultureInvariant)]
    private static partial Regex CompilerError();

    /// <summary>Whether a command's argument is C# code rather than a YAML file.</summary>
    public static bool IsCode(string path) =>
        Directory.Exists(path) || path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);

    /// <summary>The built scenario assembly of <paramref name="path"/>, building the project when one is given.</summary>
    public static string Resolve(string path, TextWriter output, bool quiet)
    {
        if (path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            return File.Exists(path) ? Path.GetFullPath(path) : throw new CliUsageException($"{path}: no such file");
        var project = ProjectOf(path);
        if (!quiet) output.WriteLine($"building {Path.GetRelativePath(Environment.CurrentDirectory, project)} ...");
        return Build(project);
    }

    private static string ProjectOf(string path)
    {
        if (path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
            return File.Exists(path) ? Path.GetFullPath(path) : throw new CliUsageException($"{path}: no such file");
        if (!Directory.Exists(path)) throw new CliUsageException($"{path}: no such file or folder");
        var projects = Directory.GetFiles(path, "*.csproj");
        return projects.Length switch
        {
            1 => Path.GetFullPath(projects[0]),
            0 => throw new CliUsageException($"{path}: no .csproj in this folder (create one with 'rampa new NAME')"),
            _ => throw new CliUsageException($"{path}: {projects.Length} projects in this folder ({string.Join(", ", projects.Select(Path.GetFileName))}); name one"),
        };
    }

    /// <summary>Builds the project and returns its TargetPath; compile errors are <see cref="CodeBuildException"/> (exit 107).</summary>
    private static string Build(string project)
    {
        // No build servers: nothing outlives the build to hold our output pipes (or the caller's) open.
        var (exit, output) = Dotnet(project, "build", project, "-c", "Release", "--nologo", "--disable-build-servers", "-v", "q");
        if (exit != 0)
        {
            var errors = output.Split('\n').Select(l => CompilerError().Match(l.TrimEnd('\r'))).Where(m => m.Success)
                .Select(m => $"{Relative(m.Groups["file"].Value)}:{m.Groups["line"].Value}:{m.Groups["col"].Value}: error {m.Groups["code"].Value}: {m.Groups["message"].Value}")
                .Distinct().ToList();
            if (errors.Count == 0) errors = output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).TakeLast(15).ToList();
            throw new CodeBuildException(project, errors);
        }
        var (_, property) = Dotnet(project, "msbuild", project, "-nologo", "-p:Configuration=Release", "-getProperty:TargetPath");
        var target = property.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));
        return target is not null && File.Exists(target) ? target
            : throw new CodeBuildException(project, [$"the build succeeded but its assembly was not found (TargetPath: {property.Trim()})"]);
    }

    /// <summary>Runs the dotnet CLI; its exit code and everything it printed.</summary>
    private static (int Exit, string Output) Dotnet(string project, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(project)!,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // A build started from inside another build or test host must not inherit its MSBuild settings.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new CliUsageException("could not start 'dotnet' (is the .NET SDK installed?)");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + "\n" + stderr.Result);
    }

    private static string Relative(string file)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, file);
        return relative.StartsWith("..", StringComparison.Ordinal) ? file : relative;
    }

    /// <summary>The bundle of a built assembly: every file of its output folder (the assembly, its dependencies, .deps.json, .pdb).</summary>
    public static CodeBundle Bundle(string assemblyPath)
    {
        var folder = Path.GetDirectoryName(assemblyPath)!;
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("rampa-results/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file + "\n"));
            hash.AppendData(File.ReadAllBytes(Path.Combine(folder, file)));
        }
        return new CodeBundle
        {
            EntryAssembly = Path.GetFileName(assemblyPath),
            Hash = Convert.ToHexStringLower(hash.GetHashAndReset()),
            LocalFolder = folder,
            Files = files,
        };
    }
}

/// <summary>A C# scenario project that does not compile (exit 107): the compiler's errors.</summary>
internal sealed class CodeBuildException(string project, IReadOnlyList<string> errors)
    : Exception($"{project} does not compile")
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
