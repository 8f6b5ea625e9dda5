using Rampa.Core.Metrics;
using Rampa.Orleans.Grains;

namespace Rampa.Orleans.Tests;

[Collection("silo")]
public sealed class HistogramGrainTests(SiloFixture silo)
{
    private static byte[] Interval(double requests, double vus, params double[] latencies)
    {
        var sink = new MetricSink();
        var reqs = sink.Register(BuiltinMetrics.HttpReqs, [new("scenario", "s")]);
        var dur = sink.Register(BuiltinMetrics.HttpReqDuration, [new("scenario", "s")]);
        var gauge = sink.Register(BuiltinMetrics.Vus, []);
        sink.Add(reqs, requests);
        sink.Add(gauge, vus);
        foreach (var l in latencies) sink.Add(dur, l);
        return MetricSnapshotCodec.Encode(sink.TakeSnapshot());
    }

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
}
