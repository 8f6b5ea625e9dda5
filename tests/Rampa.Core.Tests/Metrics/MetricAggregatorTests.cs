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
    private const long Second0 = 1_767_225_600; // 2026-01-01T00:00:00Z

    private static MetricSnapshot At(long second, params (SeriesKey Key, double[] Values)[] series)
    {
        var s = Snapshot(series);
        s.IntervalUnixSecond = second;
        return s;
    }

    [Fact]
    public void Per_second_series_merged_across_three_silos_equal_one_silo_fed_everything()
    {
        var random = new Random(4242);
        var duration = new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("name", "checkout")]);
        var reqs = new SeriesKey(BuiltinMetrics.HttpReqs, [T("name", "checkout")]);
        var failed = new SeriesKey(BuiltinMetrics.HttpReqFailed, [T("name", "checkout")]);
        var vus = new SeriesKey(BuiltinMetrics.Vus, []);
        var keys = new[] { duration, reqs, failed, vus };
        var sinks = Enumerable.Range(0, 3).Select(_ => new MetricSink()).ToArray();
        using var solo = new MetricSink();
        try
        {
            var ids = sinks.Select(sink => keys.Select(sink.Register).ToArray()).ToArray();
            var soloIds = keys.Select(solo.Register).ToArray();
            var flushes = new List<(string Silo, long Seq, byte[] Bytes)>();
            var soloAgg = new MetricAggregator();
            var exact = new Dictionary<long, SeriesAccumulator>(); // every latency of each second, in one full histogram
            var seq = new long[3];
            for (var t = 0; t < 12; t++)
            {
                var second = Second0 + t;
                exact[second] = new SeriesAccumulator(MetricType.Trend);
                // A busy second, a quiet one, and one second with no traffic at all.
                var n = t == 5 ? 0 : t % 3 == 0 ? 20_000 : 40;
                for (var i = 0; i < n; i++)
                {
                    var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    var micros = Math.Exp(Math.Log(15_000 + 1000 * t) + 0.8 * gaussian);
                    var fail = random.Next(10) == 0 ? 1.0 : 0.0;
                    var silo = random.Next(3);
                    sinks[silo].Add(ids[silo][0], micros);
                    sinks[silo].Add(ids[silo][1], 1);
                    sinks[silo].Add(ids[silo][2], fail);
                    solo.Add(soloIds[0], micros);
                    solo.Add(soloIds[1], 1);
                    solo.Add(soloIds[2], fail);
                    exact[second].Add(micros);
                }
                // Each silo's VUs; the one silo has them all.
                var siloVus = Enumerable.Range(0, 3).Select(_ => (double)random.Next(0, 20)).ToArray();
                for (var s = 0; s < 3; s++) sinks[s].Add(ids[s][3], siloVus[s]);
                solo.Add(soloIds[3], siloVus.Sum());
                for (var s = 0; s < 3; s++)
                {
                    var snapshot = sinks[s].TakeSnapshot();
                    snapshot.IntervalUnixSecond = second;
                    flushes.Add(($"silo-{s}", ++seq[s], MetricSnapshotCodec.Encode(snapshot)));
                }
                var soloSnapshot = solo.TakeSnapshot();
                soloSnapshot.IntervalUnixSecond = second;
                Assert.True(soloAgg.Apply("solo", t + 1, MetricSnapshotCodec.Decode(MetricSnapshotCodec.Encode(soloSnapshot))));
            }

            // The silos' flushes arrive in any order.
            var agg = new MetricAggregator();
            foreach (var (silo, sq, bytes) in flushes.OrderBy(_ => random.Next()))
                Assert.True(agg.Apply(silo, sq, MetricSnapshotCodec.Decode(bytes)));

            var merged = MetricSnapshotCodec.Decode(MetricSnapshotCodec.Encode(agg.Merged())).TimeSeries!;
            var single = soloAgg.TimeSeries;
            Assert.Equal(4, merged.Count);
            foreach (var key in keys)
            {
                var m = merged.Points(key);
                var o = single.Points(key);
                Assert.Equal(o.Select(p => p.Second), m.Select(p => p.Second));
                for (var i = 0; i < m.Count; i++)
                {
                    Assert.Equal(o[i].Value, m[i].Value);
                    if (key.Metric.Type == MetricType.Gauge) continue; // its count is how many silos sampled
                    Assert.Equal(o[i].Count, m[i].Count);
                    Assert.Equal(o[i].Sum, m[i].Sum, Math.Abs(o[i].Sum) * 1e-12);
                    Assert.Equal(o[i].Min, m[i].Min);
                    Assert.Equal(o[i].Max, m[i].Max);
                    Assert.Equal(o[i].NonZero, m[i].NonZero);
                    foreach (var p in new[] { 50, 90, 95, 99, 99.9 }) Assert.Equal(o[i].Percentile(p), m[i].Percentile(p));
                    Assert.Equal(o[i].Histogram?.Values.ToArray(), m[i].Histogram?.Values.ToArray());
                    Assert.Equal(o[i].Histogram?.Counts.ToArray(), m[i].Histogram?.Counts.ToArray());
                }
            }

            // A second without traffic has no point for it (but the gauge was sampled).
            var latency = merged.Points(duration);
            Assert.Equal(11, latency.Count);
            Assert.DoesNotContain(latency, p => p.Second == Second0 + 5);
            Assert.Equal(12, merged.Points(vus).Count);
            // Each second's percentiles are that second's full histogram's, never averaged over silos.
            foreach (var point in latency)
                foreach (var p in new[] { 50, 90, 95, 99 })
                    Assert.Equal(exact[point.Second].Percentile(p), point.Percentile(p));
            // The seconds add up to the totals.
            Assert.Equal(agg.Total.Series[reqs].Sum, merged.Points(reqs).Sum(p => p.Sum));
            Assert.Equal(agg.Total.Series[duration].Count, latency.Sum(p => p.Count));
            Assert.Equal(agg.Total.Series[failed].NonZero, merged.Points(failed).Sum(p => p.NonZero));
        }
        finally
        {
            foreach (var s in sinks) s.Dispose();
        }
    }

    [Fact]
    public void A_retried_flush_leaves_the_per_second_series_unchanged()
    {
        var agg = new MetricAggregator();
        var first = At(Second0, (Reqs, [1, 1, 1]), (Duration, [100, 200]), (Vus, [4]));
        Assert.True(agg.Apply("silo-a", 1, first));
        Assert.True(agg.Apply("silo-b", 1, At(Second0, (Reqs, [1]), (Duration, [300]), (Vus, [6]))));
        Assert.True(agg.Apply("silo-a", 2, At(Second0 + 1, (Reqs, [1]), (Vus, [5]))));
        var before = MetricSnapshotCodec.Encode(agg.Merged());

        // The retry of a flush the grain already applied (its acknowledgement was lost): same bytes, or even other content.
        Assert.False(agg.Apply("silo-a", 1, MetricSnapshotCodec.Decode(MetricSnapshotCodec.Encode(first))));
        Assert.False(agg.Apply("silo-a", 2, At(Second0 + 1, (Reqs, [1, 1, 1, 1]), (Duration, [9999]), (Vus, [100]))));
        Assert.False(agg.Apply("silo-b", 1, At(Second0 + 7, (Reqs, [1]))));
        Assert.Equal(before, MetricSnapshotCodec.Encode(agg.Merged()));

        var series = agg.TimeSeries;
        Assert.Equal([4.0, 1], series.Points(Reqs).Select(p => p.Sum));
        Assert.Equal([10.0, 5], series.Points(Vus).Select(p => p.Value)); // 4 + 6; then a's 5 (b's last sample was second 0)
    }

    [Fact]
    public void Gauge_seconds_are_the_sum_of_each_silos_value_in_that_second()
    {
        var agg = new MetricAggregator();
        // Silo a samples 100, 101 and 103: its tick for 102 slipped into 103. Silo b samples 100..102, twice in 102
        // (its final flush), and its later sequence arrives first.
        agg.Apply("a", 1, At(100, (Vus, [2])));
        agg.Apply("a", 2, At(101, (Vus, [1, 3])));  // the silo's last value in the interval
        agg.Apply("a", 3, At(103, (Vus, [5])));
        agg.Apply("b", 1, At(100, (Vus, [10])));
        agg.Apply("b", 2, At(101, (Vus, [10])));
        agg.Apply("b", 4, At(102, (Vus, [7])));
        agg.Apply("b", 3, At(102, (Vus, [10])));
        var points = agg.TimeSeries.Points(Vus);
        Assert.Equal([100L, 101, 102, 103], points.Select(p => p.Second));
        // 102: a carries its 3 (inside its span), b's later sequence 7. 103: b had stopped sampling.
        Assert.Equal([12.0, 13, 10, 5], points.Select(p => p.Value));
        Assert.Equal([2L, 2, 1, 1], points.Select(p => p.Count));
        // The total is each silo's latest value by sequence: a's 5 + b's 7.
        Assert.Equal(12, agg.Total.Series[Vus].Last);
    }

    [Fact]
    public void A_snapshot_without_an_interval_time_adds_to_the_totals_only()
    {
        var agg = new MetricAggregator();
        agg.Apply("a", 1, Snapshot((Reqs, [1, 1]), (Vus, [3])));
        agg.Apply("a", 2, At(Second0, (Reqs, [1])));
        Assert.Equal(3, agg.Total.Series[Reqs].Sum);
        var point = Assert.Single(agg.TimeSeries.Points(Reqs));
        Assert.Equal(1, point.Sum);
        Assert.Empty(agg.TimeSeries.Points(Vus));
        Assert.Equal(Second0, agg.TimeSeries.FirstSecond);
    }
}
