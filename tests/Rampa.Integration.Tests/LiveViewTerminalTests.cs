using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Rampa.Integration.Tests;

/// <summary>
/// The live view in a real terminal: the CLI runs in a tmux pane (160x50) against the demo target, the pane's text is
/// captured while the run goes (the table with its rows, VUs, a rate, p95, the thresholds' ✓) and after it (the last
/// view, then the summary below it), and Ctrl-C's notice lands above the view. Every wait is bounded; the tmux server (its own socket) is killed at the end.
/// </summary>
[Collection("cli")]
public sealed class LiveViewTerminalTests : TargetTest
{
    private readonly string _socket = "rampa-it-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task The_live_table_is_redrawn_in_a_terminal_and_the_summary_follows_below_it()
    {
        var file = Ws.Write("live.yaml", """
            scenarios:
              browse:
                executor: constant-vus
                vus: 4
                duration: 8s
                thinkTime: 20ms
                flow:
                  - request: GET /json
              steady:
                executor: constant-arrival-rate
                rate: 20
                duration: 8s
                preAllocatedVUs: 3
                flow:
                  - request: GET /
            thresholds:
              http_req_duration: ["p(95)<2000"]
              http_req_failed: ["rate<0.5"]
            """);
        var command = $"cd '{Ws.Dir}' && dotnet '{RampaProcess.CliDll}' run '{file}' --base-url {Target.BaseUrl}; echo \"rampa exited $?\"; sleep 120";
        try
        {
            await TmuxAsync("-u", "new-session", "-d", "-x", "160", "-y", "50", command);

            // While it runs: a drawn table with a rate in the scenarios' rows and the live thresholds.
            var during = await CaptureUntilAsync(TimeSpan.FromSeconds(60), text =>
                text.Contains("running ", StringComparison.Ordinal) && Regex.IsMatch(text, @"│ browse\s+│[^\n]*│\s+\d+/\d+ │\s+[\d.,]+ │\s+[\d.]+(µs|ms|s) │")
                && text.Contains("thresholds: 2 of 2 passing", StringComparison.Ordinal));
            Assert.Matches(@"scenario\s+│ progress\s+│\s+VUs │\s+req/s │\s+p95 │\s+p99 │\s+failed │\s+dropped │", during);
            Assert.Matches(@"│ browse\s+│ [█░]{16}\s+\d+% │\s+4/4 │", during);
            Assert.Matches(@"│ steady\s+│ [█░]{16}\s+\d+% │\s+\d+/3 │", during);
            Assert.Matches(@"│ total\s+│\s+│\s+\d+/7 │", during);
            Assert.Matches(@"✓ http_req_duration\s+p\(95\)<2000\s+p\(95\)=[\d.]+(µs|ms|s)", during);
            Assert.Matches(@"✓ http_req_failed\s+rate<0\.5\s+rate=0\.00%", during);
            Assert.Equal(1, Regex.Count(during, "│ browse "));                    // redrawn in place, not stacked

            // After it: the last view stays, the summary is printed below it, the exit code is 0.
            var after = await CaptureUntilAsync(TimeSpan.FromSeconds(90), text => text.Contains("rampa exited", StringComparison.Ordinal));
            Assert.Contains("rampa exited 0", after);
            Assert.Equal(1, Regex.Count(after, "│ browse "));
            Assert.Contains("completed 00m", after);
            var view = after.IndexOf("│ browse ", StringComparison.Ordinal);
            var summary = after.IndexOf("█ TOTAL RESULTS", StringComparison.Ordinal);
            Assert.True(view >= 0 && summary > view, after);
        }
        finally
        {
            await TmuxAsync("kill-server");
        }
    }

    [Fact]
    public async Task Ctrl_C_prints_its_notice_above_the_view_and_the_partial_summary_below_it()
    {
        var file = Ws.Write("long.yaml", """
            scenarios:
              soak: { executor: constant-vus, vus: 3, duration: 60s, thinkTime: 50ms, flow: [{ request: GET / }] }
            """);
        var command = $"cd '{Ws.Dir}' && dotnet '{RampaProcess.CliDll}' run '{file}' --base-url {Target.BaseUrl}; echo \"rampa exited $?\"; sleep 120";
        try
        {
            await TmuxAsync("-u", "new-session", "-d", "-x", "160", "-y", "50", command);
            await CaptureUntilAsync(TimeSpan.FromSeconds(60), text => Regex.IsMatch(text, @"│ soak\s+│[^\n]*│\s+3/3 │\s+[\d.,]+ │"));
            await TmuxAsync("send-keys", "C-c");

            var after = await CaptureUntilAsync(TimeSpan.FromSeconds(90), text => text.Contains("rampa exited", StringComparison.Ordinal));
            Assert.Contains("rampa exited 105", after);
            var notice = after.IndexOf("interrupted: stopping the run", StringComparison.Ordinal);
            var view = after.IndexOf("│ soak ", StringComparison.Ordinal);
            var summary = after.IndexOf("█ TOTAL RESULTS", StringComparison.Ordinal);
            Assert.True(notice >= 0 && view > notice && summary > view, after);   // notice, the last view, then the summary
            Assert.Equal(1, Regex.Count(after, "│ soak "));
            Assert.Contains("interrupted 00m", after);
        }
        finally
        {
            await TmuxAsync("kill-server");
        }
    }

    [Fact]
    public async Task A_log_gets_plain_progress_lines_with_the_rate_p95_and_failed_share()
    {
        var file = Ws.Write("plain.yaml", """
            scenarios:
              s: { executor: constant-vus, vus: 2, duration: 8s, thinkTime: 50ms, flow: [{ request: GET / }] }
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, ["run", file, "--base-url", Target.BaseUrl.ToString()]);   // stdout redirected, as in CI
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Matches(@"running \(00m0\d\.\ds\), \d+/2 VUs, \d+ complete and 0 interrupted iterations, [\d.,]+ req/s, p\(95\)=[\d.]+(µs|ms|s), 0\.00% failed  s \[\s*\d+%\]", run.Stdout);
        Assert.DoesNotContain("╭", run.Stdout);                                 // no table, no cursor controls in a log
        Assert.DoesNotContain("\u001b[", run.Stdout);
    }

    /// <summary>The pane with its scroll-back, captured every 500 ms until <paramref name="done"/> holds or the time is up.</summary>
    private async Task<string> CaptureUntilAsync(TimeSpan limit, Func<string, bool> done)
    {
        var until = DateTime.UtcNow + limit;
        var text = "";
        while (DateTime.UtcNow < until)
        {
            text = await TmuxAsync("capture-pane", "-p", "-J", "-S", "-200");
            if (done(text)) return text;
            await Task.Delay(500);
        }
        throw new TimeoutException($"the pane did not show what was expected within {limit}:\n{text}");
    }

    private async Task<string> TmuxAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-L");
        psi.ArgumentList.Add(_socket);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LANG"] = "C.UTF-8";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("tmux did not start (is it installed? scripts/test.sh installs it)");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0 && args[0] != "kill-server")
            throw new InvalidOperationException($"tmux {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
