using Rampa.Core.Metrics;

namespace Rampa.Core.Tests.Metrics;

public class MetricAggregatorTests
{
    private static KeyValuePair<string, string> T(string k, string v) => new(k, v);

    private static MetricSnapshot Snapshot(params (SeriesKey Key, double[] Values)[] series)
    {
        var s = new MetricSnapshot();
        foreach (var (key, values) in series)
        {
            var acc = new SeriesAccumulator(key.Metric.Type);
            foreach (var v in values) acc.Add(v);
            s.Set(key, acc);
        }
        return s;
    }

    private static readonly SeriesKey Reqs = new(BuiltinMetrics.HttpReqs, [T("name", "home")]);
    private static readonly SeriesKey Vus = new(BuiltinMetrics.Vus, []);
    private static readonly SeriesKey Duration = new(BuiltinMetrics.HttpReqDuration, [T("name", "home")]);

    [Fact]
    public void Applying_the_same_silo_and_sequence_twice_counts_once()
    {
        var agg = new MetricAggregator();
        var interval = Snapshot((Reqs, [1, 1, 1]), (Duration, [100, 200]));
        Assert.True(agg.Apply("silo-a", 1, interval));
        Assert.False(agg.Apply("silo-a", 1, interval));
        Assert.False(agg.Apply("silo-a", 1, MetricSnapshotCodec.Decode(MetricSnapshotCodec.Encode(interval)))); // a retried flush
        Assert.Equal(1, agg.AppliedCount);
        Assert.Equal(3, agg.Total.Series[Reqs].Sum);
        Assert.Equal(2, agg.Total.Series[Duration].Count);

        Assert.True(agg.Apply("silo-a", 2, interval));       // the next interval
        Assert.True(agg.Apply("silo-b", 1, interval));       // another silo's first
        Assert.Equal(3, agg.AppliedCount);
        Assert.Equal(9, agg.Total.Series[Reqs].Sum);
        Assert.Equal(6, agg.Total.Series[Duration].Count);
        Assert.Equal(100, agg.Total.Series[Duration].Min);
        Assert.Equal(200, agg.Total.Series[Duration].Max);
    }

    [Fact]
    public void Gauges_are_the_sum_of_each_silos_latest_value()
    {
        var agg = new MetricAggregator();
        agg.Apply("a", 1, Snapshot((Vus, [2, 5])));
        Assert.Equal(5, agg.Total.Series[Vus].Last);
        agg.Apply("b", 1, Snapshot((Vus, [7])));
        Assert.Equal(12, agg.Total.Series[Vus].Last);
        agg.Apply("a", 2, Snapshot((Vus, [3])));
        Assert.Equal(10, agg.Total.Series[Vus].Last);
        agg.Apply("a", 2, Snapshot((Vus, [100])));          // a duplicate: ignored
        Assert.Equal(10, agg.Total.Series[Vus].Last);
        agg.Apply("b", 2, Snapshot((Reqs, [1])));           // b has no new vus sample: its last stays
        Assert.Equal(10, agg.Total.Series[Vus].Last);
        Assert.Equal(10, agg.Total.Total("vus")!.Last);
        Assert.Equal(5, agg.Total.Series[Vus].Min);
        Assert.Equal(12, agg.Total.Series[Vus].Max);
    }

    [Fact]
    public void Empty_gauge_series_change_nothing()
    {
        var agg = new MetricAggregator();
        agg.Apply("a", 1, Snapshot((Vus, [4])));
        var empty = new MetricSnapshot();
        empty.Set(Vus, new SeriesAccumulator(MetricType.Gauge));
        agg.Apply("b", 1, empty);
        Assert.Equal(4, agg.Total.Series[Vus].Last);
    }

    [Fact]
    public void Merged_percentiles_across_three_silos_equal_one_histogram_fed_everything()
    {
        var random = new Random(31337);
        var sinks = Enumerable.Range(0, 3).Select(_ => new MetricSink()).ToArray();
        try
        {
            var key = new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("name", "checkout"), T("scenario", "api")]);
            var ids = sinks.Select(s => s.Register(key)).ToArray();
            var single = new SeriesAccumulator(MetricType.Trend);
            var agg = new MetricAggregator();
            var seq = new long[3];
            var all = new List<double>();
            for (var interval = 0; interval < 10; interval++)
            {
                for (var i = 0; i < 30_000; i++)
                {
                    // Log-normal-ish latency in microseconds: median ~ 20ms, a long tail up to seconds.
                    var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    var micros = Math.Exp(Math.Log(20_000) + 0.9 * gaussian);
                    var silo = random.Next(3);
                    sinks[silo].Add(ids[silo], micros);
                    single.Add(micros);
                    all.Add(TrendHistogram.Clamp(micros));
                }
                for (var s = 0; s < 3; s++)
                {
                    var bytes = MetricSnapshotCodec.Encode(sinks[s].TakeSnapshot());
                    Assert.True(agg.Apply($"silo-{s}", ++seq[s], MetricSnapshotCodec.Decode(bytes)));
                }
            }

            var merged = agg.Total.Series[key];
            Assert.Equal(single.Count, merged.Count);
            Assert.Equal(single.Min, merged.Min);
            Assert.Equal(single.Max, merged.Max);
            Assert.Equal(single.Sum, merged.Sum, single.Sum * 1e-12);
            Assert.Equal(single.Histogram!.TotalCount, merged.Histogram!.TotalCount);
            var sorted = all.Order().ToArray();
            foreach (var p in new[] { 50, 90, 95, 99, 99.9 })
            {
                // Adding histograms is exact: the same as one histogram fed every sample...
                Assert.Equal(single.Percentile(p), merged.Percentile(p));
                // ... and that is the sample at that rank within HdrHistogram's 0.1%.
                var exact = sorted[Math.Max(1, (long)(p / 100 * sorted.Length + 0.5)) - 1];
                Assert.InRange(merged.Percentile(p), exact * 0.999, exact * 1.001);
            }
            // The summary's view of the metric is the same.
            Assert.Equal(single.Percentile(95), agg.Total.Total("http_req_duration")!.Percentile(95));
        }
        finally
        {
            foreach (var s in sinks) s.Dispose();
        }
    }

    [Fact]
    public void Series_from_different_silos_stay_separate_by_tags()
    {
        var agg = new MetricAggregator();
        var home = new SeriesKey(BuiltinMetrics.HttpReqs, [T("name", "home")]);
        var cart = new SeriesKey(BuiltinMetrics.HttpReqs, [T("name", "cart")]);
        agg.Apply("a", 1, Snapshot((home, [1, 1])));
        agg.Apply("b", 1, Snapshot((cart, [1]), (home, [1])));
        Assert.Equal(3, agg.Total.Series[home].Sum);
        Assert.Equal(1, agg.Total.Series[cart].Sum);
        Assert.Equal(4, agg.Total.Total("http_reqs")!.Sum);
        Assert.Equal(1, agg.Total.Total("http_reqs", new Dictionary<string, string> { ["name"] = "cart" })!.Sum);
        Assert.Null(agg.Total.Total("http_reqs", new Dictionary<string, string> { ["name"] = "nope" }));
        Assert.Null(agg.Total.Total("iterations"));
    }
}
