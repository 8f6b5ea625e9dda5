using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Rampa.Integration.Tests;

/// <summary>What a finished `rampa` process left behind.</summary>
public sealed record RampaRun(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    public string Output => Stdout + Stderr;
}

/// <summary>
/// Runs the real `rampa` CLI as a child process (dotnet rampa.dll), bounded by a timeout after which it is killed,
/// so no test can leave a process behind.
/// </summary>
public static class RampaProcess
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string CliDll
    {
        get
        {
            var config = typeof(RampaProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var path = Path.Combine(RepoRoot, "src", "Rampa.Cli", "bin", config, "net10.0", "rampa.dll");
            if (!File.Exists(path)) throw new FileNotFoundException("build the CLI first", path);
            return path;
        }
    }

    public static Task<RampaRun> RunAsync(string workingDirectory, TimeSpan timeout, Func<Process, Task>? during = null, params string[] args) =>
        RunAsync(workingDirectory, timeout, during, null, args);

    /// <summary>As above, with extra environment variables for the child process.</summary>
    public static async Task<RampaRun> RunAsync(string workingDirectory, TimeSpan timeout, Func<Process, Task>? during,
        IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(CliDll);
        foreach (var (name, value) in env ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        foreach (var a in args) psi.ArgumentList.Add(a);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var sw = Stopwatch.StartNew();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            if (during is not null) await during(process);
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"rampa {string.Join(' ', args)} did not finish in {timeout}:\n{stdout}\n{stderr}");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        process.WaitForExit(); // flushes the redirected streams
        return new RampaRun(process.ExitCode, stdout.ToString(), stderr.ToString(), sw.Elapsed);
    }

    public static Task<RampaRun> RunAsync(string workingDirectory, params string[] args) =>
        RunAsync(workingDirectory, TimeSpan.FromMinutes(2), null, args);

    /// <summary>Sends a POSIX signal (e.g. INT for Ctrl-C) to a process.</summary>
    public static async Task SignalAsync(Process process, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString()])!;
        await kill.WaitForExitAsync();
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rampa.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Rampa.sln not found above " + AppContext.BaseDirectory);
    }
}
