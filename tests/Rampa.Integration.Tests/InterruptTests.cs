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
        var run = await RampaProcess.RunAsync(Ws.Dir, TimeSpan.FromSeconds(50), async process =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            signalledAt = stopwatch.Elapsed;
            await RampaProcess.SignalAsync(process, signal);
        }, "run", file);
        Assert.True(run.ExitCode == 105, $"exit {run.ExitCode}: {run.Output}");
        Assert.True(run.Elapsed - signalledAt < TimeSpan.FromSeconds(8), $"took {run.Elapsed - signalledAt} after the signal");
        using var summary = Ws.Summary();
        Assert.Equal("interrupted", summary.State());
        Assert.True(summary.Count("iterations") > 10);
        // Requests the target saw are all in the summary (completed or cut).
        Assert.Equal(Target.RequestCount, (long)summary.Count("http_reqs"));
    }
}
