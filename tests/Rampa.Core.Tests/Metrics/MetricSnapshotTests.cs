using Rampa.Core.Metrics;

namespace Rampa.Core.Tests.Metrics;

public class MetricSnapshotTests
{
    private static KeyValuePair<string, string> T(string k, string v) => new(k, v);

    private static SeriesAccumulator Of(MetricType type, params double[] values)
    {
        var acc = new SeriesAccumulator(type);
        foreach (var v in values) acc.Add(v);
        return acc;
    }

    [Fact]
    public void Merge_adds_into_existing_series_and_creates_new_ones()
    {
        var a = new MetricSnapshot();
        var home = new SeriesKey(BuiltinMetrics.HttpReqs, [T("name", "home")]);
        var cart = new SeriesKey(BuiltinMetrics.HttpReqs, [T("name", "cart")]);
        a.Set(home, Of(MetricType.Counter, 1, 1));
        var b = new MetricSnapshot();
        b.Set(home, Of(MetricType.Counter, 1));
        b.Set(cart, Of(MetricType.Counter, 5));
        a.Merge(b);
        Assert.Equal(3, a.Series[home].Sum);
        Assert.Equal(5, a.Series[cart].Sum);
        Assert.Equal(1, b.Series[home].Sum);      // the source is untouched
        b.Series[cart].Add(100);
        Assert.Equal(5, a.Series[cart].Sum);      // and not shared
        Assert.Equal(["http_reqs"], a.MetricNames);
        Assert.Equal(2, a.OfMetric("http_reqs").Count());
        Assert.Empty(a.OfMetric("iterations"));
    }

    [Fact]
    public void Total_merges_matching_series()
    {
        var s = new MetricSnapshot();
        s.Set(new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("name", "a"), T("status", "200")]), Of(MetricType.Trend, 100, 200));
        s.Set(new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("name", "b"), T("status", "200")]), Of(MetricType.Trend, 300));
        s.Set(new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("name", "a"), T("status", "500")]), Of(MetricType.Trend, 400));
        var all = s.Total("http_req_duration")!;
        Assert.Equal(4, all.Count);
        Assert.Equal(1000, all.Sum);
        Assert.Equal(4, all.Histogram!.TotalCount);
        var ok = s.Total("http_req_duration", new Dictionary<string, string> { ["status"] = "200" })!;
        Assert.Equal(3, ok.Count);
        Assert.Equal(300, ok.Max);
        var a500 = s.Total("http_req_duration", new Dictionary<string, string> { ["status"] = "500", ["name"] = "a" })!;
        Assert.Equal(400, a500.Sum);
        Assert.Null(s.Total("http_req_duration", new Dictionary<string, string> { ["status"] = "404" }));
        Assert.Null(s.Total("nothing"));
        // Total is a new accumulator: changing it changes no series.
        all.Add(1);
        Assert.Equal(4, s.Total("http_req_duration")!.Count);
    }

    [Fact]
    public void Total_of_a_gauge_sums_the_series_values()
    {
        var s = new MetricSnapshot();
        s.Set(new SeriesKey(BuiltinMetrics.Vus, [T("scenario", "a")]), Of(MetricType.Gauge, 1, 4));
        s.Set(new SeriesKey(BuiltinMetrics.Vus, [T("scenario", "b")]), Of(MetricType.Gauge, 6));
        var total = s.Total("vus")!;
        Assert.Equal(MetricType.Gauge, total.Type);
        Assert.Equal(10, total.Last);
    }

    [Theory]
    [InlineData("http_reqs", "HTTP")]
    [InlineData("http_req_duration", "HTTP")]
    [InlineData("http_req_failed", "HTTP")]
    [InlineData("data_sent", "NETWORK")]
    [InlineData("data_received", "NETWORK")]
    [InlineData("checks", "CHECKS")]
    [InlineData("iterations", "EXECUTION")]
    [InlineData("iteration_duration", "EXECUTION")]
    [InlineData("dropped_iterations", "EXECUTION")]
    [InlineData("interrupted_iterations", "EXECUTION")]
    [InlineData("iteration_start_lag", "EXECUTION")]
    [InlineData("iteration_response_time", "EXECUTION")]
    [InlineData("vus", "EXECUTION")]
    [InlineData("vus_max", "EXECUTION")]
    [InlineData("group_duration", "EXECUTION")]
    [InlineData("my_metric", "CUSTOM")]
    [InlineData("rampa_generator_cpu", "GENERATOR")]
    public void Summary_groups(string metric, string group) => Assert.Equal(group, BuiltinMetrics.GroupOf(metric));

    [Fact]
    public void Built_in_metrics_have_the_documented_types_and_units()
    {
        Assert.Equal(27 + Rampa.Core.Protocols.ProtocolCatalog.Metrics.Count, BuiltinMetrics.All.Count); // and each protocol's
        Assert.Equal(MetricType.Counter, BuiltinMetrics.IterationErrors.Type);
        Assert.All(BuiltinMetrics.All, m => Assert.Same(m, BuiltinMetrics.Find(m.Name)));
        Assert.Null(BuiltinMetrics.Find("nope"));
        Assert.All(BuiltinMetrics.All.Where(m => m.Type == MetricType.Trend), m => Assert.Equal(MetricUnit.Time, m.Unit));
        Assert.Equal(MetricUnit.Data, BuiltinMetrics.DataSent.Unit);
        Assert.Equal(MetricUnit.Data, BuiltinMetrics.DataReceived.Unit);
        Assert.Equal(MetricType.Counter, BuiltinMetrics.DroppedIterations.Type);
        Assert.Equal(MetricType.Counter, BuiltinMetrics.InterruptedIterations.Type);
        Assert.Equal(MetricType.Rate, BuiltinMetrics.HttpReqFailed.Type);
        Assert.Equal(MetricType.Rate, BuiltinMetrics.Checks.Type);
        Assert.Equal(MetricType.Gauge, BuiltinMetrics.Vus.Type);
        Assert.Equal(MetricType.Gauge, BuiltinMetrics.VusMax.Type);
        Assert.Equal(MetricType.Trend, BuiltinMetrics.IterationResponseTime.Type);
        Assert.Equal(MetricType.Trend, BuiltinMetrics.IterationStartLag.Type);
    }
}
