using BenchmarkDotNet.Attributes;
using Rampa.Core.Metrics;

namespace Rampa.Benchmarks;

/// <summary>
/// What a histogram grain's Merge costs per interval snapshot, without and with the persist-before-ack step through
/// an <see cref="InMemoryIntervalLog"/>: one silo's second of HTTP traffic (every http_* series of one
/// request name, 1000 latencies each).
/// </summary>
[MemoryDiagnoser]
public class HistogramMergeBenchmarks
{
    private const long Second = 1_767_225_600;
    private byte[] _snapshot = null!;
    private MetricAggregator _aggregator = null!;
    private InMemoryIntervalLog _log = null!;
    private long _sequence;

    [GlobalSetup]
    public void Setup()
    {
        var sink = new MetricSink();
        KeyValuePair<string, string>[] tags = [new("scenario", "s"), new("name", "/"), new("status", "200")];
        var ids = BuiltinMetrics.All.Where(m => m.Name.StartsWith("http_", StringComparison.Ordinal)).Select(m => sink.Register(m, tags)).ToArray();
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
            foreach (var id in ids) sink.Add(id, 50 + random.Next(5000));
        var snapshot = sink.TakeSnapshot();
        snapshot.IntervalUnixSecond = Second;
        _snapshot = MetricSnapshotCodec.Encode(snapshot);
    }

    [IterationSetup]
    public void Fresh()
    {
        _aggregator = new MetricAggregator();
        _log = new InMemoryIntervalLog();
    }

    [Benchmark(Baseline = true, Description = "Merge: decode + apply (before)")]
    public bool MergeWithoutLog()
    {
        var seq = ++_sequence;
        return _aggregator.Apply("silo-a", seq, MetricSnapshotCodec.Decode(_snapshot));
    }

    [Benchmark(Description = "Merge: dedup check + decode + in-memory append + apply")]
    public bool MergeWithInMemoryLog()
    {
        var seq = ++_sequence;
        if (_aggregator.HasApplied("silo-a", seq)) return true;
        var interval = MetricSnapshotCodec.Decode(_snapshot);
        _log.AppendAsync("run", 0, new IntervalRecord(_aggregator.AppliedCount, "silo-a", seq, _snapshot)).GetAwaiter().GetResult();
        return _aggregator.Apply("silo-a", seq, interval);
    }
}
