using Rampa.Core.Metrics;

namespace Rampa.Core.Tests.Metrics;

public class MetricSnapshotCodecTests
{
    private static KeyValuePair<string, string> T(string k, string v) => new(k, v);

    private static SeriesAccumulator Of(MetricType type, IEnumerable<double> values)
    {
        var acc = new SeriesAccumulator(type);
        foreach (var v in values) acc.Add(v);
        return acc;
    }

    private static readonly double[] Percentiles = [0, 1, 50, 90, 95, 99, 99.9, 99.99, 100];

    /// <summary>Two accumulators hold the same thing: every statistic and every histogram bucket.</summary>
    internal static void AssertSameAccumulator(SeriesAccumulator expected, SeriesAccumulator actual)
    {
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Sum, actual.Sum);
        Assert.Equal(expected.Min, actual.Min);
        Assert.Equal(expected.Max, actual.Max);
        Assert.Equal(expected.NonZero, actual.NonZero);
        Assert.Equal(expected.Last, actual.Last);
        Assert.Equal(expected.Mean, actual.Mean);
        foreach (var p in Percentiles) Assert.Equal(expected.Percentile(p), actual.Percentile(p));
        Assert.Equal(expected.Histogram?.TotalCount ?? 0, actual.Histogram?.TotalCount ?? 0);
        if (expected.Histogram is { TotalCount: > 0 } h)
        {
            var e = h.RecordedValues().Select(v => (v.ValueIteratedTo, v.CountAtValueIteratedTo)).ToList();
            var a = actual.Histogram!.RecordedValues().Select(v => (v.ValueIteratedTo, v.CountAtValueIteratedTo)).ToList();
            Assert.Equal(e, a);
        }
    }

    /// <summary>Two per-second points hold the same thing: every field and every sparse bucket.</summary>
    internal static void AssertSamePoint(SeriesPoint expected, SeriesPoint actual)
    {
        Assert.Equal(expected.Second, actual.Second);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Sum, actual.Sum);
        Assert.Equal(expected.Min, actual.Min);
        Assert.Equal(expected.Max, actual.Max);
        Assert.Equal(expected.NonZero, actual.NonZero);
        Assert.Equal(expected.Value, actual.Value);
        foreach (var p in Percentiles) Assert.Equal(expected.Percentile(p), actual.Percentile(p));
        Assert.Equal(expected.Histogram?.Values.ToArray() ?? [], actual.Histogram?.Values.ToArray() ?? []);
        Assert.Equal(expected.Histogram?.Counts.ToArray() ?? [], actual.Histogram?.Counts.ToArray() ?? []);
    }

    internal static void AssertSameTimeSeries(MetricTimeSeries expected, MetricTimeSeries actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (key, points) in expected.Series)
        {
            var match = actual.Keys.Single(k => k.Equals(key));
            Assert.Equal(key.Metric, match.Metric);
            Assert.Equal(key.Tags, match.Tags);
            var decoded = actual.Points(key);
            Assert.Equal(points.Count, decoded.Count);
            for (var i = 0; i < points.Count; i++) AssertSamePoint(points[i], decoded[i]);
        }
    }

    private static void AssertSameSnapshot(MetricSnapshot expected, MetricSnapshot actual)
    {
        Assert.Equal(expected.IntervalUnixSecond, actual.IntervalUnixSecond);
        Assert.Equal(expected.TimeSeries is null, actual.TimeSeries is null);
        if (expected.TimeSeries is { } ts) AssertSameTimeSeries(ts, actual.TimeSeries!);
        Assert.Equal(expected.Series.Count, actual.Series.Count);
        foreach (var (key, acc) in expected.Series)
        {
            var match = actual.Series.Keys.Single(k => k.Equals(key));
            Assert.Equal(key.Metric, match.Metric);
            Assert.Equal(key.Tags, match.Tags);
            AssertSameAccumulator(acc, actual.Series[key]);
        }
    }

    private static MetricSnapshot Sample()
    {
        var random = new Random(99);
        var s = new MetricSnapshot();
        s.Set(new SeriesKey(BuiltinMetrics.HttpReqs, [T("name", "home"), T("method", "GET"), T("status", "200")]),
            Of(MetricType.Counter, Enumerable.Repeat(1.0, 1234)));
        s.Set(new SeriesKey(BuiltinMetrics.DataReceived, []), Of(MetricType.Counter, [1.5e9, 0.25, 3]));
        s.Set(new SeriesKey(BuiltinMetrics.Vus, []), Of(MetricType.Gauge, [3, 10, 7]));
        s.Set(new SeriesKey(BuiltinMetrics.HttpReqFailed, [T("scenario", "api")]), Of(MetricType.Rate, [1, 0, 0, 1, 0, 0, 0]));
        s.Set(new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("name", "home"), T("expected_response", "true")]),
            Of(MetricType.Trend, Enumerable.Range(0, 100_000).Select(_ => Math.Exp(4 + 3 * random.NextDouble()) * (1 + random.NextDouble()))));
        s.Set(new SeriesKey(BuiltinMetrics.IterationDuration, []), Of(MetricType.Trend, [0, 0.4, 1, 2047, 2048, 2049, 123_456_789, 3_600_000_000, 9e12]));
        s.Set(new SeriesKey(new MetricDefinition("my_custom_bytes", MetricType.Counter, MetricUnit.Data), [T("unicode", "é→✓")]),
            Of(MetricType.Counter, [512, 1024]));
        s.Set(new SeriesKey(new MetricDefinition("my_custom_trend", MetricType.Trend), []), Of(MetricType.Trend, [5, 6, 7]));
        // A built-in name with another type is kept as its own definition.
        s.Set(new SeriesKey(new MetricDefinition("vus", MetricType.Counter), []), Of(MetricType.Counter, [1]));
        return s;
    }

    [Fact]
    public void Round_trips_every_type_exactly()
    {
        var original = Sample();
        var decoded = MetricSnapshotCodec.Decode(MetricSnapshotCodec.Encode(original));
        AssertSameSnapshot(original, decoded);
    }

    [Fact]
    public void Trend_percentiles_are_identical_after_decoding()
    {
        var original = Sample();
        var key = new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("expected_response", "true"), T("name", "home")]);
        var decoded = MetricSnapshotCodec.Decode(MetricSnapshotCodec.Encode(original)).Series[key];
        foreach (var p in new[] { 50, 90, 99, 99.9 })
            Assert.Equal(original.Series[key].Percentile(p), decoded.Percentile(p));
        Assert.Equal(100_000, decoded.Histogram!.TotalCount);
    }

    [Fact]
    public void Decoded_built_in_metrics_are_the_built_in_definitions()
    {
        var decoded = MetricSnapshotCodec.Decode(MetricSnapshotCodec.Encode(Sample()));
        var duration = decoded.Series.Keys.Single(k => k.Metric.Name == "http_req_duration");
        Assert.Same(BuiltinMetrics.HttpReqDuration, duration.Metric);
        Assert.Equal(MetricUnit.Time, duration.Metric.Unit);
        var custom = decoded.Series.Keys.Single(k => k.Metric.Name == "my_custom_bytes");
        Assert.Equal(new MetricDefinition("my_custom_bytes", MetricType.Counter, MetricUnit.Data), custom.Metric);
        var vusCounter = decoded.Series.Keys.Single(k => k.Metric.Name == "vus" && k.Metric.Type == MetricType.Counter);
        Assert.Equal(new MetricDefinition("vus", MetricType.Counter), vusCounter.Metric);
    }

    [Fact]
    public void Encoding_a_decoded_snapshot_gives_the_same_bytes()
    {
        var bytes = MetricSnapshotCodec.Encode(Sample());
        Assert.Equal(bytes, MetricSnapshotCodec.Encode(MetricSnapshotCodec.Decode(bytes)));
    }

    [Fact]
    public void Round_trips_an_empty_snapshot()
    {
        var decoded = MetricSnapshotCodec.Decode(MetricSnapshotCodec.Encode(new MetricSnapshot()));
        Assert.True(decoded.IsEmpty);
    }

    [Fact]
    public void Round_trips_what_a_sink_recorded()
    {
        using var sink = new MetricSink();
        var id = sink.Register(new SeriesKey(BuiltinMetrics.HttpReqWaiting, [T("name", "x")]));
        for (var i = 0; i < 10_000; i++) sink.Add(id, i * 37 % 100_003);
        var snapshot = sink.TakeSnapshot();
        AssertSameSnapshot(snapshot, MetricSnapshotCodec.Decode(MetricSnapshotCodec.Encode(snapshot)));
    }

    [Fact]
    public void Round_trips_the_interval_time()
    {
        var original = Sample();
        original.IntervalUnixSecond = 1_767_225_600; // 2026-01-01T00:00:00Z
        var decoded = MetricSnapshotCodec.Decode(MetricSnapshotCodec.Encode(original));
        Assert.Equal(1_767_225_600, decoded.IntervalUnixSecond);
        AssertSameSnapshot(original, decoded);
        Assert.Null(MetricSnapshotCodec.Decode(MetricSnapshotCodec.Encode(Sample())).IntervalUnixSecond);
        // Also an interval that is empty but for its time.
        var empty = MetricSnapshotCodec.Decode(MetricSnapshotCodec.Encode(new MetricSnapshot { IntervalUnixSecond = 5 }));
        Assert.Equal(5, empty.IntervalUnixSecond);
        Assert.True(empty.IsEmpty);
    }

    /// <summary>A merged run with its per-second series: every type, sparse histograms, seconds out of order and far apart.</summary>
    private static MetricSnapshot SampleWithTimeSeries()
    {
        var random = new Random(7);
        var s = Sample();
        var agg = new MetricAggregator();
        long seq = 0;
        foreach (var second in new long[] { 1_767_225_600, 1_767_225_601, 1_767_225_603, 1_767_225_602, 1_767_229_200 })
        {
            foreach (var silo in new[] { "a", "b" })
            {
                var interval = new MetricSnapshot { IntervalUnixSecond = second };
                interval.Set(new SeriesKey(BuiltinMetrics.HttpReqs, [T("name", "home")]), Of(MetricType.Counter, Enumerable.Repeat(1.0, random.Next(1, 50))));
                interval.Set(new SeriesKey(BuiltinMetrics.HttpReqFailed, []), Of(MetricType.Rate, Enumerable.Range(0, 20).Select(_ => (double)random.Next(2))));
                interval.Set(new SeriesKey(BuiltinMetrics.Vus, []), Of(MetricType.Gauge, [random.Next(0, 30)]));
                interval.Set(new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("name", "home")]),
                    Of(MetricType.Trend, Enumerable.Range(0, 5000).Select(_ => Math.Exp(4 + 6 * random.NextDouble()))));
                interval.Set(new SeriesKey(new MetricDefinition("my_custom_trend", MetricType.Trend), [T("unicode", "é→✓")]), Of(MetricType.Trend, [0, 3.6e9, 9e12]));
                Assert.True(agg.Apply(silo, ++seq, interval));
            }
        }
        s.TimeSeries = agg.TimeSeries;
        return s;
    }

    [Fact]
    public void Round_trips_the_per_second_series_exactly()
    {
        var original = SampleWithTimeSeries();
        Assert.Equal(5, original.TimeSeries!.Count);
        var bytes = MetricSnapshotCodec.Encode(original);
        var decoded = MetricSnapshotCodec.Decode(bytes);
        AssertSameSnapshot(original, decoded);
        var duration = decoded.TimeSeries!.Points(new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("name", "home")]));
        Assert.Equal([1_767_225_600L, 1_767_225_601, 1_767_225_602, 1_767_225_603, 1_767_229_200], duration.Select(p => p.Second));
        Assert.All(duration, p => Assert.Equal(10_000, p.Histogram!.TotalCount));
        Assert.Equal(bytes, MetricSnapshotCodec.Encode(decoded));
        // An empty series set still says it has one.
        var emptySeries = MetricSnapshotCodec.Decode(MetricSnapshotCodec.Encode(new MetricSnapshot { TimeSeries = new MetricTimeSeries() }));
        Assert.NotNull(emptySeries.TimeSeries);
        Assert.True(emptySeries.TimeSeries.IsEmpty);
    }

    [Fact]
    public void The_per_second_series_costs_far_less_than_a_histogram_per_second()
    {
        var bytes = MetricSnapshotCodec.Encode(new MetricSnapshot { TimeSeries = SampleWithTimeSeries().TimeSeries });
        var duration = SampleWithTimeSeries().TimeSeries!.Points(new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("name", "home")]));
        // 10,000 samples a second over 4 decades: far fewer buckets than samples, a few bytes each on the wire.
        Assert.All(duration, p => Assert.InRange(p.Histogram!.BucketCount, 1000, 9000));
        Assert.True(bytes.Length < 5 * 4 * 9000, $"{bytes.Length} bytes");
    }

    [Fact]
    public void Rejects_an_unknown_version()
    {
        var bytes = MetricSnapshotCodec.Encode(Sample());
        bytes[0] = 99;
        Assert.Throws<InvalidDataException>(() => MetricSnapshotCodec.Decode(bytes));
    }
}
