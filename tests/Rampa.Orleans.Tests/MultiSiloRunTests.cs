using Orleans.Core.Internal;
using Rampa.Core.Metrics;
using Rampa.Orleans.Contracts;
using Rampa.Orleans.Grains;
using Rampa.Orleans.Placement;

namespace Rampa.Orleans.Tests;

/// <summary>A run on a real three-silo cluster: one segment runner per silo, pinned there, and exact totals.</summary>
[Collection("cluster")]
public sealed class MultiSiloRunTests(MultiSiloClusterFixture cluster)
{
    [Fact]
    public async Task Places_runner_i_on_silo_i_and_counts_every_request_once()
    {
        var request = cluster.Request("""
            baseUrl: http://127.0.0.1:1
            scenarios:
              shared:
                executor: shared-iterations
                vus: 6
                iterations: 300
                flow: [{ request: GET /json }]
            """);
        var before = cluster.Target.CountFor("/json");
        var grain = cluster.Client.GetGrain<IRunOrchestratorGrain>(request.RunId);
        var started = await grain.Start(request);
        Assert.Equal(MultiSiloClusterFixture.SiloCount, started.Silos.Count);

        var result = await SiloFixture.WaitAsync(grain, TimeSpan.FromSeconds(60));

        Assert.Equal(RunState.Completed, result.Status.State);
        Assert.DoesNotContain(result.Status.Warnings, w => w.Contains("instead of"));
        // Each runner reports the silo it ran on: the one its key names, a different one for each segment.
        var ranOn = new List<string>();
        for (var i = 0; i < started.Silos.Count; i++)
        {
            var key = SiloPinnedKey.Build(request.RunId, i, SiloAddress.FromParsableString(started.Silos[i]));
            var status = await cluster.Client.GetGrain<ISegmentRunnerGrain>(key).GetStatus();
            Assert.Equal(started.Silos[i], status.Silo);
            Assert.True(status.Done);
            ranOn.Add(status.Silo);
        }
        Assert.Equal(MultiSiloClusterFixture.SiloCount, ranOn.Distinct().Count());
        Assert.Equal(cluster.Cluster.Silos.Select(s => s.SiloAddress.ToParsableString()).Order(), ranOn.Order());

        Assert.Equal(300, cluster.Target.CountFor("/json") - before);
        var metrics = MetricSnapshotCodec.Decode(result.Metrics);
        Assert.Equal(300, metrics.Total("http_reqs")!.Sum);
        Assert.Equal(300, metrics.Total("iterations")!.Sum);
        Assert.Equal(300, result.Status.Scenarios.Single().Completed);
        // The generator's health: one series per silo (three silos of one process never add up into one), each tagged
        // with its runner on that silo.
        var cpu = metrics.OfMetric(BuiltinMetrics.GeneratorCpu.Name).Select(s => s.Key.Tag("silo")!).Order().ToList();
        Assert.Equal(MultiSiloClusterFixture.SiloCount, cpu.Count);
        Assert.Equal(ranOn.Order(), cpu.Select(tag => tag[..tag.LastIndexOf('/')]).Order());
        Assert.All(metrics.OfMetric(BuiltinMetrics.GeneratorCpu.Name), s => Assert.InRange(s.Value.Last, 0.0, 1.0));
    }

    [Fact]
    public async Task A_reactivated_histogram_grain_replays_its_log_and_counts_a_retry_once()
    {
        const long t0 = 1_767_225_600;
        var runId = "replay-" + Guid.NewGuid().ToString("N")[..8];
        var grain = cluster.Client.GetGrain<IHistogramGrain>(HistogramGrain.Key(runId, 0));
        Assert.True(await grain.Merge("silo-a", 1, HistogramIntervals.At(t0, 10, 4, 1000, 2000)));
        Assert.True(await grain.Merge("silo-b", 1, HistogramIntervals.At(t0, 7, 6, 4000)));
        Assert.True(await grain.Merge("silo-a", 2, HistogramIntervals.At(t0 + 1, 5, 3, 3000)));
        var before = await grain.GetMerged();

        await DeactivateAsync(grain);

        Assert.Equal(before, await grain.GetMerged()); // the new activation replayed the log
        // A flush retried after the move (stored and applied before, its acknowledgement lost) counts once.
        Assert.True(await grain.Merge("silo-a", 2, HistogramIntervals.At(t0 + 1, 5, 3, 3000)));
        Assert.Equal(before, await grain.GetMerged());
        Assert.Equal(3, (await MultiSiloClusterFixture.Log.ReadAsync(runId, 0)).Count);

        // New snapshots after the move add up with the replayed ones, and survive one more move.
        Assert.True(await grain.Merge("silo-c", 1, HistogramIntervals.At(t0 + 1, 1, 1, 500)));
        await DeactivateAsync(grain);
        var merged = MetricSnapshotCodec.Decode(await grain.GetMerged());
        Assert.Equal(23, merged.Total("http_reqs")!.Sum);
        Assert.Equal(5, merged.Total("http_req_duration")!.Count);
    }

    /// <summary>Deactivates the grain through Orleans' management extension and waits until no silo holds an activation of it.</summary>
    private async Task DeactivateAsync(IHistogramGrain grain)
    {
        Assert.True(await IsActiveAsync(grain));
        await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await IsActiveAsync(grain))
        {
            Assert.True(DateTime.UtcNow < deadline, "the histogram grain was not deactivated");
            await Task.Delay(50);
        }
    }

    /// <summary>Asks every silo for its activations (not a directory cache, which may lag a deactivation).</summary>
    private async Task<bool> IsActiveAsync(IHistogramGrain grain)
    {
        var activations = await cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return activations.Any(a => a.GrainId == grain.GetGrainId());
    }
}
