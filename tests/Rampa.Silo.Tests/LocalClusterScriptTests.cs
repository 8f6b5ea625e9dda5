using System.Diagnostics;
using Xunit.Abstractions;

namespace Rampa.Silo.Tests;

/// <summary>
/// infra/local-cluster.sh end to end: --detach starts Azurite and N silos that are Active in the membership table,
/// cluster.env says how to reach them, and `stop` ends every process it started.
/// </summary>
public sealed class LocalClusterScriptTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("rampa-local-cluster-").FullName;
    private static string Script => Path.Combine(SiloProcess.RepoRoot, "infra", "local-cluster.sh");

    [Fact]
    public async Task Detach_starts_an_active_cluster_and_stop_ends_it()
    {
        var started = Stopwatch.StartNew();
        var start = await RunAsync(TimeSpan.FromMinutes(4), Script, "--silos", "2", "--detach", "--dir", _stateDir);
        try
        {
            Assert.True(start.ExitCode == 0, $"exit {start.ExitCode}:\n{start.Output}");
            log.WriteLine($"2-silo cluster (with Azurite) up after {started.Elapsed.TotalSeconds:0.0}s");
            Assert.Contains("Local Rampa cluster up: 2 silo(s) Active", start.Output);

            var env = await RunAsync(TimeSpan.FromSeconds(10), "bash", "-c",
                $"source '{_stateDir}/cluster.env' && printf '%s\\n%s' \"$RAMPA_CLUSTER_ID\" \"$RAMPA_STORAGE\"");
            var lines = env.Stdout.Split('\n');
            var (clusterId, storage) = (lines[0], lines[1]);
            Assert.StartsWith("rampa-local-", clusterId);
            Assert.Contains("TableEndpoint=http://127.0.0.1:", storage);

            var rows = await new MembershipTable(storage).WaitUntilAsync(clusterId, r => r.Count(x => x.Status == "Active") == 2,
                TimeSpan.FromSeconds(30), "2 Active rows");
            Assert.Equal(["silo-1", "silo-2"], rows.Select(r => r.SiloName).Order());
        }
        finally
        {
            var pids = File.Exists(Path.Combine(_stateDir, "pids")) ? File.ReadAllLines(Path.Combine(_stateDir, "pids")) : [];
            var stop = await RunAsync(TimeSpan.FromMinutes(1), Script, "stop", "--dir", _stateDir);
            Assert.True(stop.ExitCode == 0, $"stop exited {stop.ExitCode}:\n{stop.Output}");
            foreach (var pid in pids.Select(l => int.Parse(l.Split(' ')[1])))
                Assert.False(IsAlive(pid), $"process {pid} still runs after stop");
        }
        Assert.Contains("rampa silo: stopped; left cluster", await File.ReadAllTextAsync(Path.Combine(_stateDir, "silo-1.log")));
    }

    [Fact]
    public async Task A_bad_silo_count_is_refused()
    {
        var result = await RunAsync(TimeSpan.FromSeconds(30), Script, "--silos", "none", "--dir", _stateDir);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--silos 'none'", result.Output);
    }

    /// <summary>
    /// Alive means running: a process that has exited but not been reaped yet (a zombie, state Z in /proc, e.g. one
    /// whose parent, the script, is gone and whose new parent has not collected it yet) is not alive.
    /// </summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // no such process
        }
    }

    private sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => Stdout + Stderr;
    }

    private static async Task<Result> RunAsync(TimeSpan timeout, string fileName, params string[] args)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = SiloProcess.RepoRoot,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // The same build as the tests: Release or Debug.
        start.Environment["RAMPA_CLI_DLL"] = SiloProcess.CliDll;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish within {timeout}");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        try { Directory.Delete(_stateDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
