using Rampa.Core.Metrics;
using Rampa.Orleans.Contracts;
using Rampa.Orleans.Grains;

namespace Rampa.Orleans.Tests;

/// <summary>A whole run through the grains of a real silo against the demo target, without the CLI.</summary>
[Collection("silo")]
public sealed class OrchestratorTests(SiloFixture silo)
{
    [Fact]
    public async Task Runs_two_scenarios_and_merges_their_metrics()
    {
        var request = silo.Request("""
            baseUrl: http://127.0.0.1:1
            scenarios:
              a:
                executor: shared-iterations
                vus: 4
                iterations: 40
                flow: [{ request: GET /json }]
              b:
                executor: per-vu-iterations
                vus: 3
                iterations: 5
                flow: [{ request: GET / }]
            """);
        var grain = silo.Client.GetGrain<IRunOrchestratorGrain>(request.RunId);
        var started = await grain.Start(request);
        Assert.Single(started.Silos);
        var result = await SiloFixture.WaitAsync(grain, TimeSpan.FromSeconds(30));

        Assert.Equal(RunState.Completed, result.Status.State);
        var metrics = MetricSnapshotCodec.Decode(result.Metrics);
        Assert.Equal(40, metrics.Total("iterations", new Dictionary<string, string> { ["scenario"] = "a" })!.Sum);
        Assert.Equal(15, metrics.Total("iterations", new Dictionary<string, string> { ["scenario"] = "b" })!.Sum);
        Assert.Equal(55, metrics.Total("http_reqs")!.Sum);
        Assert.Equal(7, metrics.Total("vus_max")!.Last);
        Assert.Equal(40, result.Status.Scenarios.Single(s => s.Name == "a").Completed);
        Assert.True(result.Status.EndedUtc > result.Status.StartedUtc);
        // The result carries the per-second series of every series; its seconds add up to the totals exactly.
        var seconds = metrics.TimeSeries!;
        Assert.Equal(metrics.Series.Keys.Order(Comparer<SeriesKey>.Create((x, y) => string.CompareOrdinal(x.Canonical, y.Canonical))),
            seconds.Keys.Order(Comparer<SeriesKey>.Create((x, y) => string.CompareOrdinal(x.Canonical, y.Canonical))));
        Assert.Equal(55, seconds.Series.Where(s => s.Key.Metric.Name == "http_reqs").SelectMany(s => s.Value).Sum(p => p.Sum));
        Assert.Equal(metrics.Total("http_req_duration")!.Count,
            seconds.Series.Where(s => s.Key.Metric.Name == "http_req_duration").SelectMany(s => s.Value).Sum(p => p.Count));
        var start = result.Status.StartedUtc!.Value.ToUnixTimeSeconds();
        Assert.All(seconds.Series.SelectMany(s => s.Value), p => Assert.InRange(p.Second - start, 0, 30));
    }

    [Fact]
    public async Task Stop_interrupts_at_once_and_keeps_what_was_measured()
    {
        var request = silo.Request("""
            baseUrl: http://127.0.0.1:1
            scenarios:
              long:
                executor: constant-vus
                vus: 3
                duration: 1m
                flow: [{ request: GET /delay/100 }]
            """);
        var grain = silo.Client.GetGrain<IRunOrchestratorGrain>(request.RunId);
        await grain.Start(request);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var stoppedAt = DateTime.UtcNow;
        await grain.Stop("test");
        var result = await SiloFixture.WaitAsync(grain, TimeSpan.FromSeconds(15));
        Assert.True(DateTime.UtcNow - stoppedAt < TimeSpan.FromSeconds(5));
        Assert.Equal(RunState.Interrupted, result.Status.State);
        Assert.Equal("test", result.Status.StopReason);
        var metrics = MetricSnapshotCodec.Decode(result.Metrics);
        Assert.True(metrics.Total("iterations")!.Sum > 10);
        Assert.Equal(3, metrics.Total("interrupted_iterations")!.Sum);
    }

    [Fact]
    public async Task An_invalid_scenario_fails_the_run_without_starting_it()
    {
        var request = silo.Request("scenarios: { a: { executor: nope, flow: [{ request: GET / }] } }");
        var grain = silo.Client.GetGrain<IRunOrchestratorGrain>(request.RunId);
        var status = await grain.Start(request);
        Assert.Equal(RunState.Failed, status.State);
        Assert.Contains("nope", status.Error);
    }
}
