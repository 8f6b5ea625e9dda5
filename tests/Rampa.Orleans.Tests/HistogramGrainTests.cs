using Rampa.Core.Metrics;
using Rampa.Orleans.Contracts;
using Rampa.Orleans.Grains;
using Rampa.Orleans.Runtime;

namespace Rampa.Orleans.Tests;

[Collection("silo")]
public sealed class HistogramGrainTests(SiloFixture silo)
{
    private static byte[] Interval(double requests, double vus, params double[] latencies) => IntervalAt(null, requests, vus, latencies);

    private static byte[] IntervalAt(long? second, double requests, double vus, params double[] latencies) =>
        HistogramIntervals.At(second, requests, vus, latencies);

    [Fact]
    public async Task A_retried_flush_is_counted_once_and_gauges_of_silos_add_up()
    {
        var grain = silo.Client.GetGrain<IHistogramGrain>($"dedup-{Guid.NewGuid():N}/0");
        Assert.True(await grain.Merge("silo-a", 1, Interval(10, 4, 1000, 2000)));
        Assert.True(await grain.Merge("silo-a", 1, Interval(10, 4, 1000, 2000))); // the retry of the same flush
        Assert.True(await grain.Merge("silo-a", 2, Interval(5, 4, 3000)));
        Assert.True(await grain.Merge("silo-b", 1, Interval(7, 6, 4000)));

        var merged = MetricSnapshotCodec.Decode(await grain.GetMerged());
        Assert.Equal(22, merged.Total("http_reqs")!.Sum);
        var latency = merged.Total("http_req_duration")!;
        Assert.Equal(4, latency.Count);
        Assert.Equal(4000, latency.Max);
        Assert.Equal(10, merged.Total("vus")!.Last); // 4 on silo-a + 6 on silo-b
    }
    [Fact]
    public async Task Keeps_the_per_second_series_and_a_retried_flush_changes_none_of_it()
    {
        const long t0 = 1_767_225_600;
        var grain = silo.Client.GetGrain<IHistogramGrain>($"seconds-{Guid.NewGuid():N}/0");
        Assert.True(await grain.Merge("silo-a", 1, IntervalAt(t0, 10, 4, 1000, 2000)));
        Assert.True(await grain.Merge("silo-b", 1, IntervalAt(t0, 7, 6, 4000)));
        Assert.True(await grain.Merge("silo-a", 2, IntervalAt(t0 + 1, 5, 3, 3000)));
        var before = await grain.GetMerged();
        Assert.True(await grain.Merge("silo-a", 2, IntervalAt(t0 + 1, 5, 3, 3000))); // the retry of the same flush
        Assert.Equal(before, await grain.GetMerged());

        var merged = MetricSnapshotCodec.Decode(before);
        var ts = merged.TimeSeries!;
        var reqs = ts.Points(new SeriesKey(BuiltinMetrics.HttpReqs, [new("scenario", "s")]));
        Assert.Equal([t0, t0 + 1], reqs.Select(p => p.Second));
        Assert.Equal([17.0, 5], reqs.Select(p => p.Sum));
        var latency = ts.Points(new SeriesKey(BuiltinMetrics.HttpReqDuration, [new("scenario", "s")]));
        Assert.Equal([3L, 1], latency.Select(p => p.Count));
        Assert.Equal(4000, latency[0].Percentile(99));
        Assert.Equal([10.0, 3], ts.Points(new SeriesKey(BuiltinMetrics.Vus, [])).Select(p => p.Value));
        Assert.Equal(22, merged.Total("http_reqs")!.Sum);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task The_flusher_stamps_each_snapshot_with_the_second_it_took_it()
    {
        using var run = IdleLocalRun.Create("flush-" + Guid.NewGuid().ToString("N")[..12]);
        var time = new FixedTime(DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_999));
        var flusher = new MetricFlusher(run, silo.Client, "silo-x", time);
        var reqs = run.Sink.Register(BuiltinMetrics.HttpReqs, [new("scenario", "s")]);
        run.Sink.Add(reqs, 1);
        run.Sink.Add(reqs, 1);
        await flusher.FlushAsync();
        time.Now = DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_601_998);
        run.Sink.Add(reqs, 1);
        await flusher.FlushAsync(final: true);
        Assert.Equal(0, flusher.PendingCount);

        var grain = silo.Client.GetGrain<IHistogramGrain>($"{run.RunId}/{HistogramGrain.ShardOf("http_reqs")}");
        var points = MetricSnapshotCodec.Decode(await grain.GetMerged()).TimeSeries!.Points(new SeriesKey(BuiltinMetrics.HttpReqs, [new("scenario", "s")]));
        Assert.Equal([1_767_225_600L, 1_767_225_601], points.Select(p => p.Second));
        Assert.Equal([2.0, 1], points.Select(p => p.Sum));
        // The vus gauge was sampled at the first flush only (the final one samples only when nothing was yet).
        var vusGrain = silo.Client.GetGrain<IHistogramGrain>($"{run.RunId}/{HistogramGrain.ShardOf("vus")}");
        var vus = MetricSnapshotCodec.Decode(await vusGrain.GetMerged()).TimeSeries!.Points(new SeriesKey(BuiltinMetrics.Vus, []));
        Assert.Equal([1_767_225_600L], vus.Select(p => p.Second));
    }
}
