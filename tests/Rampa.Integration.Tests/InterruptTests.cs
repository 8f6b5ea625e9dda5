using Rampa.DemoTarget;

namespace Rampa.Integration.Tests;

/// <summary>Ctrl-C stops a run promptly, writes the partial summary, exits 105.</summary>
[Collection("cli")]
public sealed class InterruptTests : TargetTest
{
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_signal_stops_the_run_and_keeps_what_was_measured(string signal)
    {
        var file = Ws.Write("long.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              long:
                executor: constant-vus
                vus: 4
                duration: 60s
                flow:
                  - request: GET /delay/200
            """);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan signalledAt = default;
        long seenBeforeSignal = 0;
        var run = await RampaProcess.RunAsync(Ws.Dir, TimeSpan.FromSeconds(50), async process =>
        {
            // Signal once the run is under way (the target has seen requests), not after a fixed delay: how long the
            // process takes to start depends on how busy the machine is.
            var deadline = stopwatch.Elapsed + TimeSpan.FromSeconds(30);
            while (Target.RequestCount < 24 && stopwatch.Elapsed < deadline && !process.HasExited)
                await Task.Delay(50);
            seenBeforeSignal = Target.RequestCount;
            signalledAt = stopwatch.Elapsed;
            await RampaProcess.SignalAsync(process, signal);
        }, "run", file);
        Assert.True(run.ExitCode == 105, $"exit {run.ExitCode}: {run.Output}");
        Assert.True(run.Elapsed - signalledAt < TimeSpan.FromSeconds(8), $"took {run.Elapsed - signalledAt} after the signal");
        using var summary = Ws.Summary();
        Assert.Equal("interrupted", summary.State());
        // Every request the target saw before the signal belongs to an iteration that completed, except at most one
        // in flight per VU (4), which the interrupt cut.
        Assert.True(seenBeforeSignal >= 24, $"the run never got under way: the target saw {seenBeforeSignal} requests");
        Assert.True(summary.Count("iterations") >= seenBeforeSignal - 4, $"iterations {summary.Count("iterations")}, requests seen before the signal {seenBeforeSignal}");
        // Requests the target saw are all in the summary (completed or cut).
        Assert.Equal(Target.RequestCount, (long)summary.Count("http_reqs"));
    }
}
