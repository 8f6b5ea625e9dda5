using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace Rampa.Silo.Tests;

/// <summary>
/// A real <c>rampa silo</c> process (the built CLI: <c>dotnet rampa.dll silo ...</c>). Its output is collected line by
/// line; disposing kills its whole process tree, so no silo outlives a test.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private SiloProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string CliDll
    {
        get
        {
            var config = typeof(SiloProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var path = Path.Combine(RepoRoot, "src", "Rampa.Cli", "bin", config, "net10.0", "rampa.dll");
            if (!File.Exists(path)) throw new FileNotFoundException("build the CLI first (dotnet build src/Rampa.Cli -c " + config + ")", path);
            return path;
        }
    }

    /// <summary>The silo image's entry point (<c>dotnet rampa-silo.dll</c>, src/Rampa.Silo/Dockerfile), as built here.</summary>
    public static string SiloDll
    {
        get
        {
            var config = typeof(SiloProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var path = Path.Combine(RepoRoot, "src", "Rampa.Silo", "bin", config, "net10.0", "rampa-silo.dll");
            if (!File.Exists(path)) throw new FileNotFoundException("build the silo first (dotnet build src/Rampa.Silo -c " + config + ")", path);
            return path;
        }
    }

    public static SiloProcess Start(string workingDirectory, params string[] args) =>
        Start(workingDirectory, [CliDll, "silo", .. args], new Dictionary<string, string>());

    /// <summary>
    /// The container's process: <c>dotnet rampa-silo.dll</c> with no arguments and exactly <paramref name="environment"/>
    /// as its RAMPA_*, AZURE_* and APPLICATIONINSIGHTS_* variables (none inherited from the test runner).
    /// </summary>
    public static SiloProcess StartAsContainer(string workingDirectory, IReadOnlyDictionary<string, string> environment) =>
        Start(workingDirectory, [SiloDll], environment);

    private static SiloProcess Start(string workingDirectory, string[] args, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // The silo's own variables from the test runner's environment must not leak into what a test passes.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("RAMPA_", StringComparison.Ordinal)
                     || k.StartsWith("AZURE_", StringComparison.Ordinal) || k.StartsWith("APPLICATIONINSIGHTS_", StringComparison.Ordinal)
                     || k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var silo = new SiloProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (silo._stdout) silo._stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (silo._stderr) silo._stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits until stdout has a line containing <paramref name="text"/>; fails if the process exits first or time runs out.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!Stdout.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"the silo exited with {_process.ExitCode} before printing '{text}':\n{Stdout}\n{Stderr}");
            if (deadline.Elapsed > timeout)
                throw new TimeoutException($"the silo did not print '{text}' within {timeout}:\n{Stdout}\n{Stderr}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits for the process to exit; kills it and fails if it takes longer than <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the silo did not exit within {timeout}:\n{Stdout}\n{Stderr}");
        }
        _process.WaitForExit(); // flushes the redirected streams
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as <c>kill</c> or a container runtime would: the silo should leave the cluster gracefully.</summary>
    public void Terminate()
    {
        if (kill(_process.Id, SigTerm) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await _process.WaitForExitAsync(cancel.Token);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // already gone, or stuck beyond what a test can do about it
        }
        _process.Dispose();
    }

    private const int SigTerm = 15;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Rampa.sln"))) return dir.FullName;
        throw new InvalidOperationException("Rampa.sln not found above " + AppContext.BaseDirectory);
    }
}
