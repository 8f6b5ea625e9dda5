using Rampa.Core.Metrics;
using Rampa.Orleans.Contracts;
using Rampa.Orleans.Grains;

namespace Rampa.Orleans.Tests;

/// <summary>The ramping and arrival-rate executors through the grains of a real silo: VU grains, growth, gauges.</summary>
[Collection("silo")]
public sealed class ExecutorGrainTests(SiloFixture silo)
{
    private async Task<RunResult> RunAsync(RunRequest request, TimeSpan timeout)
    {
        var grain = silo.Client.GetGrain<IRunOrchestratorGrain>(request.RunId);
        await grain.Start(request);
        return await SiloFixture.WaitAsync(grain, timeout);
    }

    [Fact]
    public async Task Arrival_rate_grows_its_VU_grains_up_to_maxVUs_and_counts_drops()
    {
        // 40/s against 300 ms needs ~12 VUs; 1 exists, up to 4 are added one at a time (each a VU grain started from
        // the pacer's side), the rest of the starts are dropped.
        var request = silo.Request("""
            baseUrl: http://127.0.0.1:1
            scenarios:
              open:
                executor: constant-arrival-rate
                rate: 40
                duration: 2s
                preAllocatedVUs: 1
                maxVUs: 4
                flow: [{ request: GET /delay/300 }]
            """);
        var result = await RunAsync(request, TimeSpan.FromSeconds(30));
        Assert.Equal(RunState.Completed, result.Status.State);
        var metrics = MetricSnapshotCodec.Decode(result.Metrics);
        var iterations = metrics.Total("iterations")!.Sum;
        var dropped = metrics.Total("dropped_iterations")!.Sum;
        Assert.Equal(80, iterations + dropped + (metrics.Total("interrupted_iterations")?.Sum ?? 0));
        Assert.InRange(iterations, 10, 28);                 // at most 4 VUs x ~3.3/s x 2 s
        Assert.Equal(4, metrics.Total("vus_max")!.Max);       // grown to maxVUs
        Assert.Equal(iterations, metrics.Total("iteration_response_time")!.Count);
        Assert.Equal(4, result.Status.Scenarios.Single().AllocatedVus);
        // Every VU that ran is a VU grain of this run, and each one finished its loop.
        for (var vu = 0; vu < 4; vu++)
            Assert.Equal(VuLifecycle.Complete, await silo.Client.GetGrain<IVirtualUserGrain>($"{request.RunId}/open/{vu}").GetState());
    }

    [Fact]
    public async Task Ramping_vus_and_ramping_arrival_rate_run_side_by_side()
    {
        var request = silo.Request("""
            baseUrl: http://127.0.0.1:1
            scenarios:
              users:
                executor: ramping-vus
                startVUs: 0
                stages: [{ duration: 1s, target: 6 }, { duration: 1s, target: 0 }]
                flow: [{ request: GET /delay/20 }]
              arrivals:
                executor: ramping-arrival-rate
                startTime: 500ms
                stages: [{ duration: 1s, target: 60 }]
                preAllocatedVUs: 5
                flow: [{ request: GET /json }]
            """);
        var result = await RunAsync(request, TimeSpan.FromSeconds(30));
        Assert.Equal(RunState.Completed, result.Status.State);
        var metrics = MetricSnapshotCodec.Decode(result.Metrics);
        Assert.Equal(30, metrics.Total("iterations", new Dictionary<string, string> { ["scenario"] = "arrivals" })!.Sum);
        Assert.True(metrics.Total("iterations", new Dictionary<string, string> { ["scenario"] = "users" })!.Sum > 20);
        Assert.Null(metrics.Total("iteration_start_lag", new Dictionary<string, string> { ["scenario"] = "users" })); // closed model: no schedule
        Assert.Equal(30, metrics.Total("iteration_start_lag", new Dictionary<string, string> { ["scenario"] = "arrivals" })!.Count);
        Assert.Equal(11, metrics.Total("vus_max")!.Last);    // 6 ramping VUs + 5 pre-allocated
    }
}
