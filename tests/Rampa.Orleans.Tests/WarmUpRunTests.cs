using Rampa.Core.Metrics;
using Rampa.Orleans.Contracts;
using Rampa.Orleans.Grains;

namespace Rampa.Orleans.Tests;

/// <summary>
/// The warm-up a segment runner does before the common start (EngineWarmUp, against its own loopback stub) leaves the
/// run exactly as scheduled: the target receives only the run's requests and the run's metrics count only its iterations.
/// </summary>
[Collection("silo")]
public sealed class WarmUpRunTests(SiloFixture silo)
{
    static WarmUpRunTests()
    {
        // As in Rampa.Core.Tests' SegmentHarness: early in a test run the host blocks the pool threads of a 2-core machine
        // for ~600 ms (measured here too, with and without the warm-up: the first starts ran 0.7 s late and were dropped).
        // This test counts the run's iterations, not the host's stalls: give the pool room up front.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), io);
    }

    [Fact]
    public async Task A_run_reports_exactly_its_scheduled_iterations_and_its_target_sees_only_them()
    {
        var path = "/items/warm-up-" + Guid.NewGuid().ToString("N")[..8];
        var request = silo.Request($$"""
            baseUrl: http://127.0.0.1:1
            scenarios:
              open:
                executor: constant-arrival-rate
                rate: 50
                duration: 1s
                preAllocatedVUs: 10
                maxVUs: 20
                flow: [{ request: "GET {{path}}" }]
            """);
        var before = silo.Target.RequestCount;
        var grain = silo.Client.GetGrain<IRunOrchestratorGrain>(request.RunId);
        await grain.Start(request);
        var result = await SiloFixture.WaitAsync(grain, TimeSpan.FromSeconds(30));

        Assert.Equal(RunState.Completed, result.Status.State);
        var metrics = MetricSnapshotCodec.Decode(result.Metrics);
        // The schedule's 50 starts, each run or dropped exactly once (a start that finds all VUs busy on a loaded
        // machine is dropped, not retried); every request the target saw is one of the run's, none the warm-up's.
        var iterations = metrics.Total("iterations")!.Sum;
        Assert.Equal(50, iterations + (metrics.Total("dropped_iterations")?.Sum ?? 0));
        Assert.True(iterations > 0, "no start found a free VU");
        Assert.Equal(iterations, metrics.Total("http_reqs")!.Sum);
        Assert.Equal(iterations, metrics.Total("iteration_start_lag")!.Count);
        Assert.Equal(iterations, silo.Target.CountFor(path));
        Assert.Equal(iterations, silo.Target.RequestCount - before); // nothing else reached the target
        // Every series is the run's scenario's: nothing of the warm-up's synthetic scenario landed in the run's metrics.
        Assert.All(metrics.Series.Keys.Where(k => k.Tags.Any(t => t.Key == "scenario")),
            k => Assert.Equal("open", k.Tags.Single(t => t.Key == "scenario").Value));
    }
}
