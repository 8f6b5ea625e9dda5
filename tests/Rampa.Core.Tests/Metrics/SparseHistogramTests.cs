using Rampa.Core.Metrics;

namespace Rampa.Core.Tests.Metrics;

public class SparseHistogramTests
{
    private static readonly double[] Percentiles = [0, 0.1, 1, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100, 150];

    private static SeriesAccumulator Trend(IEnumerable<double> values)
    {
        var acc = new SeriesAccumulator(MetricType.Trend);
        foreach (var v in values) acc.Add(v);
        return acc;
    }

    private static IEnumerable<double> LogNormal(Random random, int n) => Enumerable.Range(0, n).Select(_ =>
    {
        var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Math.Exp(Math.Log(20_000) + 1.2 * gaussian);
    });

    [Fact]
    public void Keeps_only_the_non_empty_buckets_and_reads_the_full_histograms_percentiles()
    {
        var acc = Trend(LogNormal(new Random(1), 20_000).Concat([0, 0, 1, 3_600_000_000, 9e12]));
        var sparse = SparseHistogram.From(acc.Histogram)!;
        Assert.Equal(acc.Histogram!.TotalCount, sparse.TotalCount);
        Assert.Equal(acc.Histogram.RecordedValues().Count(), sparse.BucketCount);
        Assert.True(sparse.BucketCount < 20_000);
        for (var i = 1; i < sparse.BucketCount; i++) Assert.True(sparse.Values[i] > sparse.Values[i - 1]);
        foreach (var p in Percentiles)
            Assert.Equal(acc.Histogram.GetValueAtPercentile(p), sparse.ValueAtPercentile(p));
    }

    [Fact]
    public void Adding_is_HdrHistogram_Add()
    {
        var random = new Random(2);
        var a = Trend(LogNormal(random, 5_000));
        var b = Trend(LogNormal(random, 3_000).Select(v => v * 3));
        var c = Trend([5, 5, 5, 70_000]);
        var sparse = SparseHistogram.From(a.Histogram)!;
        sparse.Add(SparseHistogram.From(b.Histogram)!);
        sparse.Add(SparseHistogram.From(c.Histogram)!);
        var full = TrendHistogram.Create();
        full.Add(a.Histogram!);
        full.Add(b.Histogram!);
        full.Add(c.Histogram!);
        Assert.Equal(full.TotalCount, sparse.TotalCount);
        Assert.Equal(full.RecordedValues().Select(v => v.ValueIteratedTo), sparse.Values.ToArray());
        Assert.Equal(full.RecordedValues().Select(v => v.CountAtValueIteratedTo), sparse.Counts.ToArray());
        foreach (var p in Percentiles) Assert.Equal(full.GetValueAtPercentile(p), sparse.ValueAtPercentile(p));
    }

    [Fact]
    public void Empty_and_null_histograms()
    {
        Assert.Null(SparseHistogram.From(null));
        Assert.Null(SparseHistogram.From(TrendHistogram.Create()));
        var one = SparseHistogram.From(Trend([42]).Histogram)!;
        Assert.Equal(1, one.BucketCount);
        Assert.Equal(42, one.ValueAtPercentile(0));
        Assert.Equal(42, one.ValueAtPercentile(100));
        var clone = one.Clone();
        clone.Add(one);
        Assert.Equal(1, one.TotalCount);   // the clone is its own
        Assert.Equal(2, clone.TotalCount);
    }

    [Fact]
    public void A_point_reads_percentiles_like_an_accumulator()
    {
        var values = LogNormal(new Random(3), 7_000).ToList();
        var acc = Trend(values);
        var point = new SeriesPoint(100);
        point.Add(Trend(values.Take(3_000)));
        point.Add(Trend(values.Skip(3_000)));
        Assert.Equal(acc.Count, point.Count);
        Assert.Equal(acc.Min, point.Min);
        Assert.Equal(acc.Max, point.Max);
        Assert.Equal(acc.Sum, point.Sum, acc.Sum * 1e-12);
        foreach (var p in Percentiles) Assert.Equal(acc.Percentile(p), point.Percentile(p));
        Assert.Equal(0, new SeriesPoint(1).Percentile(50));
    }

    [Fact]
    public void Time_series_points_stay_sorted_whatever_order_the_seconds_arrive_in()
    {
        var ts = new MetricTimeSeries();
        var key = new SeriesKey(BuiltinMetrics.HttpReqs, []);
        foreach (var second in new long[] { 10, 12, 11, 12, 9, 15, 10, 13 })
            ts.Add(key, second, Counter(1));
        Assert.Equal([9L, 10, 11, 12, 13, 15], ts.Points(key).Select(p => p.Second));
        Assert.Equal([1.0, 2, 1, 2, 1, 1], ts.Points(key).Select(p => p.Sum));
        Assert.Equal(9, ts.FirstSecond);
        Assert.Empty(ts.Points(new SeriesKey(BuiltinMetrics.Iterations, [])));
        Assert.Throws<InvalidOperationException>(() => ts.Add(new SeriesKey(BuiltinMetrics.Vus, []), 1, new SeriesAccumulator(MetricType.Gauge)));

        static SeriesAccumulator Counter(double v)
        {
            var acc = new SeriesAccumulator(MetricType.Counter);
            acc.Add(v);
            return acc;
        }
    }
}
