using Rampa.Core.Metrics;

namespace Rampa.Core.Tests.Metrics;

public class SeriesAccumulatorTests
{
    private static SeriesAccumulator Of(MetricType type, params double[] values)
    {
        var acc = new SeriesAccumulator(type);
        foreach (var v in values) acc.Add(v);
        return acc;
    }

    [Fact]
    public void A_new_accumulator_is_empty()
    {
        foreach (var type in Enum.GetValues<MetricType>())
        {
            var acc = new SeriesAccumulator(type);
            Assert.Equal(type, acc.Type);
            Assert.True(acc.IsEmpty);
            Assert.Equal(0, acc.Count);
            Assert.Equal(0, acc.Sum);
            Assert.Equal(double.PositiveInfinity, acc.Min);
            Assert.Equal(double.NegativeInfinity, acc.Max);
            Assert.Equal(0, acc.Mean);
            Assert.Equal(0, acc.Percentile(50));
            Assert.Null(acc.Histogram);
        }
    }

    [Fact]
    public void Counter_sums()
    {
        var acc = Of(MetricType.Counter, 1, 2, 3, 100);
        Assert.Equal(4, acc.Count);
        Assert.Equal(106, acc.Sum);
        Assert.Equal(1, acc.Min);
        Assert.Equal(100, acc.Max);
        Assert.Equal(26.5, acc.Mean);
        Assert.Null(acc.Histogram);
        Assert.False(acc.IsEmpty);
    }

    [Fact]
    public void Gauge_keeps_the_last_value_and_its_range()
    {
        var acc = Of(MetricType.Gauge, 5, 2, 9, 4);
        Assert.Equal(4, acc.Last);
        Assert.Equal(2, acc.Min);
        Assert.Equal(9, acc.Max);
        Assert.Equal(4, acc.Count);
        Assert.Null(acc.Histogram);
    }

    [Fact]
    public void Rate_counts_non_zero_samples()
    {
        var acc = Of(MetricType.Rate, 1, 0, 0, 1, 0.5, -1, 0);
        Assert.Equal(7, acc.Count);
        Assert.Equal(4, acc.NonZero);
        Assert.Null(acc.Histogram);
    }

    [Fact]
    public void Trend_keeps_a_histogram_with_exact_sum_min_max()
    {
        // 10, 20, ..., 1000 microseconds: all below 2048, so the histogram holds them exactly.
        var acc = Of(MetricType.Trend, Enumerable.Range(1, 100).Select(i => i * 10.0).ToArray());
        Assert.Equal(100, acc.Count);
        Assert.Equal(50_500, acc.Sum);
        Assert.Equal(505, acc.Mean);
        Assert.Equal(10, acc.Min);
        Assert.Equal(1000, acc.Max);
        Assert.NotNull(acc.Histogram);
        Assert.Equal(100, acc.Histogram!.TotalCount);
        Assert.Equal(500, acc.Percentile(50));
        Assert.Equal(900, acc.Percentile(90));
        Assert.Equal(950, acc.Percentile(95));
        Assert.Equal(990, acc.Percentile(99));
        Assert.Equal(1000, acc.Percentile(99.9));
        Assert.Equal(10, acc.Percentile(0));      // the exact min
        Assert.Equal(1000, acc.Percentile(100));  // the exact max
        Assert.Equal(10, acc.Percentile(-5));
        Assert.Equal(1000, acc.Percentile(150));
    }

    [Fact]
    public void Trend_percentile_is_never_above_the_exact_max()
    {
        // 3000us lands in a bucket 2 wide whose highest equivalent value is 3001: the max caps it.
        var acc = Of(MetricType.Trend, 3000);
        Assert.Equal(3000, acc.Percentile(50));
        Assert.Equal(3000, acc.Percentile(99));
    }

    [Fact]
    public void Trend_percentiles_are_within_a_tenth_of_a_percent()
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, 50_000).Select(_ => Math.Round(Math.Exp(6 + 2 * random.NextDouble()) * 10)).ToArray();
        var acc = Of(MetricType.Trend, values);
        var sorted = values.Order().ToArray();
        foreach (var p in new[] { 1, 10, 25, 50, 75, 90, 95, 99, 99.9 })
        {
            var rank = Math.Max(1, (long)(p / 100 * sorted.Length + 0.5));
            var exact = sorted[rank - 1];
            Assert.InRange(acc.Percentile(p), exact, exact * 1.001);
        }
    }

    [Theory]
    [InlineData(-5, 0)]
    [InlineData(0, 0)]
    [InlineData(0.4, 0)]
    [InlineData(1234.4, 1234)]
    [InlineData(1234.6, 1235)]
    [InlineData(3_600_000_000, 3_600_000_000)]
    [InlineData(1e12, 3_600_000_000)]
    public void Trend_values_are_clamped_to_whole_microseconds_within_an_hour(double micros, long expected) =>
        Assert.Equal(expected, TrendHistogram.Clamp(micros));

    [Fact]
    public void Trend_out_of_range_values_are_recorded_not_thrown()
    {
        var acc = Of(MetricType.Trend, -3, 0, 5e12);
        Assert.Equal(3, acc.Histogram!.TotalCount);
        Assert.Equal(-3, acc.Min);     // min and max stay exact
        Assert.Equal(5e12, acc.Max);
        Assert.InRange(acc.Percentile(99), 3_600_000_000 * 0.999, 3_600_000_000 * 1.001);
    }

    [Fact]
    public void Merge_adds_counts_sums_ranges_and_histograms()
    {
        var a = Of(MetricType.Trend, 100, 200, 300);
        var b = Of(MetricType.Trend, 50, 1000);
        a.Merge(b);
        Assert.Equal(5, a.Count);
        Assert.Equal(1650, a.Sum);
        Assert.Equal(50, a.Min);
        Assert.Equal(1000, a.Max);
        Assert.Equal(5, a.Histogram!.TotalCount);
        Assert.Equal(200, a.Percentile(50));
        Assert.Equal(2, b.Count);              // the merged-in one is unchanged

        var rate = Of(MetricType.Rate, 1, 0);
        rate.Merge(Of(MetricType.Rate, 1, 1, 0));
        Assert.Equal(5, rate.Count);
        Assert.Equal(3, rate.NonZero);

        var gauge = Of(MetricType.Gauge, 3, 8);
        gauge.Merge(Of(MetricType.Gauge, 5));
        Assert.Equal(5, gauge.Last);           // the later value wins
        Assert.Equal(3, gauge.Min);
        Assert.Equal(8, gauge.Max);
    }

    [Fact]
    public void Merging_an_empty_accumulator_changes_nothing()
    {
        var a = Of(MetricType.Gauge, 4);
        a.Merge(new SeriesAccumulator(MetricType.Gauge));
        Assert.Equal(1, a.Count);
        Assert.Equal(4, a.Last);
        Assert.Equal(4, a.Min);

        var empty = new SeriesAccumulator(MetricType.Trend);
        empty.Merge(Of(MetricType.Trend, 7));
        Assert.Equal(1, empty.Count);
        Assert.Equal(7, empty.Min);
        Assert.Equal(7, empty.Percentile(50));
    }

    [Fact]
    public void Merging_another_type_throws() =>
        Assert.Throws<InvalidOperationException>(() => Of(MetricType.Counter, 1).Merge(Of(MetricType.Rate, 1)));

    [Fact]
    public void Reset_empties_everything()
    {
        var acc = Of(MetricType.Trend, 1, 2, 3);
        acc.Reset();
        Assert.True(acc.IsEmpty);
        Assert.Equal(0, acc.Sum);
        Assert.Equal(double.PositiveInfinity, acc.Min);
        Assert.Equal(double.NegativeInfinity, acc.Max);
        Assert.Equal(0, acc.Histogram?.TotalCount ?? 0);
        Assert.Equal(0, acc.Percentile(50));
        acc.Add(42);
        Assert.Equal(42, acc.Percentile(50));
        Assert.Equal(1, acc.Count);
    }

    [Fact]
    public void Clone_is_an_independent_copy()
    {
        var acc = Of(MetricType.Trend, 10, 20, 30);
        var clone = acc.Clone();
        acc.Add(1000);
        Assert.Equal(3, clone.Count);
        Assert.Equal(60, clone.Sum);
        Assert.Equal(30, clone.Max);
        Assert.Equal(3, clone.Histogram!.TotalCount);
        Assert.Equal(20, clone.Percentile(50));

        var gauge = Of(MetricType.Gauge, 7, 3).Clone();
        Assert.Equal(3, gauge.Last);
        Assert.Equal(MetricType.Gauge, gauge.Type);
        Assert.True(new SeriesAccumulator(MetricType.Rate).Clone().IsEmpty);
    }
}
