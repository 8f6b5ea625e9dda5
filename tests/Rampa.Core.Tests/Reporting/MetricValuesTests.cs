using Rampa.Core.Metrics;
using Rampa.Core.Reporting;

namespace Rampa.Core.Tests.Reporting;

public class MetricValuesTests
{
    [Theory]
    [InlineData(0, "0µs")]
    [InlineData(0.8125, "812.5µs")]
    [InlineData(0.001, "1µs")]
    [InlineData(0.5, "500µs")]
    [InlineData(1, "1ms")]
    [InlineData(12.34, "12.34ms")]
    [InlineData(12.3456, "12.35ms")]
    [InlineData(999, "999ms")]
    [InlineData(1000, "1s")]
    [InlineData(1500, "1.5s")]
    [InlineData(2345.6, "2.35s")]
    [InlineData(59_000, "59s")]
    [InlineData(60_000, "1m0s")]
    [InlineData(62_000, "1m2s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(90_450, "1m30.5s")]
    [InlineData(119_960, "2m0s")]       // rounds up to a whole minute: not "1m60s"
    [InlineData(179_990, "3m0s")]
    public void Format_ms(double ms, string expected) => Assert.Equal(expected, MetricValues.FormatMs(ms));

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(812, "812 B")]
    [InlineData(999, "999 B")]
    [InlineData(1000, "1 kB")]
    [InlineData(1200, "1.2 kB")]
    [InlineData(25_000, "25 kB")]
    [InlineData(3_400_000, "3.4 MB")]
    [InlineData(1_500_000_000, "1.5 GB")]
    [InlineData(2e12, "2 TB")]
    [InlineData(2e15, "2000 TB")]
    public void Format_bytes(double bytes, string expected) => Assert.Equal(expected, MetricValues.FormatBytes(bytes));

    [Theory]
    [InlineData(5, "5")]
    [InlineData(600, "600")]
    [InlineData(2.5, "2.5")]
    [InlineData(0.1234567, "0.123457")]
    [InlineData(1e-10, "0")]
    public void Format_number(double v, string expected) => Assert.Equal(expected, MetricValues.FormatNumber(v));

    [Theory]
    [InlineData(0, "0")]
    [InlineData(10, "10")]
    [InlineData(9.5, "9.5")]
    [InlineData(0.123456, "0.123456")]
    [InlineData(33.333333333, "33.333333")]
    [InlineData(100, "100.0")]
    [InlineData(1234.56, "1234.6")]
    public void Format_rate(double perSecond, string expected) => Assert.Equal(expected, MetricValues.FormatRate(perSecond));

    [Theory]
    [InlineData("p(95)", true, 95)]
    [InlineData("p(99.9)", true, 99.9)]
    [InlineData("p(0)", true, 0)]
    [InlineData("p(100)", true, 100)]
    [InlineData("p(101)", false, 0)]
    [InlineData("p(-1)", false, 0)]
    [InlineData("p95", false, 0)]
    [InlineData("p()", false, 0)]
    [InlineData("p(x)", false, 0)]
    [InlineData("avg", false, 0)]
    public void Try_percentile(string stat, bool ok, double expected)
    {
        Assert.Equal(ok, MetricValues.TryPercentile(stat, out var p));
        if (ok) Assert.Equal(expected, p);
    }

    [Fact]
    public void Trend_stats_in_the_display_unit()
    {
        var acc = new SeriesAccumulator(MetricType.Trend);
        foreach (var v in new double[] { 100, 200, 300, 400 }) acc.Add(v);
        Assert.Equal(0.25, MetricValues.TrendStat(acc, MetricUnit.Time, "avg"));
        Assert.Equal(250, MetricValues.TrendStat(acc, MetricUnit.None, "avg"));
        Assert.Equal(0.1, MetricValues.TrendStat(acc, MetricUnit.Time, "min"));
        Assert.Equal(0.4, MetricValues.TrendStat(acc, MetricUnit.Time, "max"));
        Assert.Equal(0.2, MetricValues.TrendStat(acc, MetricUnit.Time, "med"));
        Assert.Equal(0.4, MetricValues.TrendStat(acc, MetricUnit.Time, "p(99)"));
        Assert.Equal(4, MetricValues.TrendStat(acc, MetricUnit.Time, "count"));   // a count is never scaled
        Assert.Null(MetricValues.TrendStat(acc, MetricUnit.Time, "mode"));
        var empty = new SeriesAccumulator(MetricType.Trend);
        Assert.Equal(0, MetricValues.TrendStat(empty, MetricUnit.Time, "min"));
        Assert.Equal(0, MetricValues.TrendStat(empty, MetricUnit.Time, "max"));
        Assert.Equal(0, MetricValues.TrendStat(empty, MetricUnit.Time, "p(95)"));
    }

    [Fact]
    public void Per_second()
    {
        Assert.Equal(10, MetricValues.PerSecond(600, TimeSpan.FromMinutes(1)));
        Assert.Equal(0, MetricValues.PerSecond(600, TimeSpan.Zero));
    }
}
