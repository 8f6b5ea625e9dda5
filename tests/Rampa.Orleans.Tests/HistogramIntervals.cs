using Rampa.Core.Metrics;

namespace Rampa.Orleans.Tests;

/// <summary>Interval snapshots as a silo's flusher sends them: requests, a VU gauge and latencies of one scenario.</summary>
internal static class HistogramIntervals
{
    public static byte[] At(long? second, double requests, double vus, params double[] latencies)
    {
        var sink = new MetricSink();
        var reqs = sink.Register(BuiltinMetrics.HttpReqs, [new("scenario", "s")]);
        var dur = sink.Register(BuiltinMetrics.HttpReqDuration, [new("scenario", "s")]);
        var gauge = sink.Register(BuiltinMetrics.Vus, []);
        sink.Add(reqs, requests);
        sink.Add(gauge, vus);
        foreach (var l in latencies) sink.Add(dur, l);
        var snapshot = sink.TakeSnapshot();
        snapshot.IntervalUnixSecond = second;
        return MetricSnapshotCodec.Encode(snapshot);
    }
}
