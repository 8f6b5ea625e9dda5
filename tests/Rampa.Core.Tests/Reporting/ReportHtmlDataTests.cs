using Rampa.Core.Metrics;
using Rampa.Core.Reporting;
using Rampa.Core.Reporting.Html;
using static Rampa.Core.Tests.Reporting.ReportFixtures;

namespace Rampa.Core.Tests.Reporting;

/// <summary>
/// The data report.html draws, built from a run's series: latency views per request, the response-time distribution,
/// the status codes per request, and what a run without responses says.
/// </summary>
public sealed class ReportHtmlDataTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static KeyValuePair<string, string>[] Tags(string name, string method, string status) =>
        [T("name", name), T("method", method), T("status", status), T("expected_response", status is "200" ? "true" : "false")];

    /// <summary>
    /// Two seconds: home GET 200 (1 ms x 10 per second), item GET 200 (10 ms x 4) and item POST 503 (100 ms x 2, then
    /// 3000 ms x 2). Totals and per-second series recorded from the same values.
    /// </summary>
    private static RunReport Run()
    {
        var metrics = new MetricSnapshot();
        var ts = new MetricTimeSeries();
        var start = Start.ToUnixTimeSeconds();
        void Record(string name, string method, string status, long second, double ms, int count)
        {
            var tags = Tags(name, method, status);
            var reqs = new SeriesKey(BuiltinMetrics.HttpReqs, tags);
            var duration = new SeriesKey(BuiltinMetrics.HttpReqDuration, tags);
            var r = Of(MetricType.Counter, Enumerable.Repeat(1.0, count));
            var d = Of(MetricType.Trend, Enumerable.Repeat(ms * 1000, count));
            metrics.Merge(reqs, r);
            metrics.Merge(duration, d);
            ts.Add(reqs, start + second, r);
            ts.Add(duration, start + second, d);
        }
        foreach (var second in new[] { 1L, 2L })
        {
            Record("home", "GET", "200", second, 1, 10);
            Record("item", "GET", "200", second, 10, 4);
            Record("item", "POST", "503", second, second == 1 ? 100 : 3000, 2);
        }
        return Report(metrics) with { StartUtc = Start, EndUtc = Start.AddSeconds(2), TimeSeries = ts };
    }

    [Fact]
    public void The_response_time_chart_starts_on_a_log_axis_with_one_view_per_name_and_per_method_of_a_name_with_several()
    {
        var duration = ReportCharts.Build(Run()).Single(c => c.Id == "duration");
        Assert.Equal("log", duration.Scale);
        Assert.Equal(["home", "item", "item · GET", "item · POST"], duration.Views!.Select(v => v.Label));

        // A view's percentiles are its own seconds merged from histograms: item is 4 x 10 ms and 2 x 100 ms in second 1.
        var item = duration.Views!.Single(v => v.Label == "item").Series.ToDictionary(s => s.Name);
        // (HdrHistogram reads a bucket's highest equivalent value: 10 ms is 10.007 ms at 3 significant digits.)
        Assert.Equal(1.0, item["p50"].Points[0][0]);
        Assert.Equal(10.0, item["p50"].Points[0][1], 0.01);
        Assert.Equal(100.0, item["p99"].Points[0][1], 0.1);
        Assert.Equal(3000.0, item["p99"].Points[1][1], 3);
        Assert.Equal(10.0, duration.Views!.Single(v => v.Label == "item · GET").Series.Single(s => s.Name == "p99").Points[1][1], 0.01);
        Assert.Equal(1.0, duration.Views!.Single(v => v.Label == "home").Series.Single(s => s.Name == "p99").Points[1][1], 0.01);
    }

    [Fact]
    public void Views_read_back_from_summary_json_keep_only_the_series_that_need_no_merge()
    {
        var report = Run();
        var back = SummaryJsonReader.Read(new MemoryStream(SummaryJsonWriter.Write(report)));
        var views = ReportCharts.Build(back).Single(c => c.Id == "duration").Views!;
        // "item" merges two tag sets: its stored percentiles cannot be merged, so only its methods (one series each) show.
        Assert.Equal(["home", "item · GET", "item · POST"], views.Select(v => v.Label));
        Assert.Equal(3000.0, views.Single(v => v.Label == "item · POST").Series.Single(s => s.Name == "p99").Points[1][1], 3);
        // The distribution reads the totals' histograms, which summary.json keeps whole.
        Assert.Equal(ResponseTimeDistribution.Build(report).Series.Select(s => s.Counts), ResponseTimeDistribution.Build(back).Series.Select(s => s.Counts));
    }

    [Fact]
    public void The_distribution_puts_every_request_in_one_range_from_the_first_to_the_last_range_used()
    {
        var d = ResponseTimeDistribution.Build(Run());
        Assert.Equal(["1–2 ms", "2–5 ms", "5–10 ms", "10–20 ms", "20–50 ms", "50–100 ms", "100–200 ms", "200–500 ms", "500 ms–1 s", "1–2 s", "2–5 s"], d.Ranges);
        Assert.Equal([20L, 0, 0, 8, 0, 0, 2, 0, 0, 0, 2], d.All.Counts);
        Assert.Equal(32, d.All.Total);
        Assert.Equal([ResponseTimeDistribution.AllRequests, "home", "item", "item · GET", "item · POST"], d.Series.Select(s => s.Name));
        Assert.Equal([0L, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2], d.Series.Single(s => s.Name == "item · POST").Counts);
        Assert.All(d.Series, s => Assert.Equal(0, s.NoResponse));
    }

    [Theory]
    [InlineData(0.05, 0)]
    [InlineData(0.1, 1)]
    [InlineData(0.999, 3)]
    [InlineData(1, 4)]
    [InlineData(9999, 15)]
    [InlineData(10000, 16)]
    [InlineData(3_600_000, 16)]
    public void A_time_falls_in_the_range_whose_lower_edge_it_reaches(double ms, int range)
    {
        Assert.Equal(range, ResponseTimeDistribution.RangeOf(ms));
        Assert.Equal(ResponseTimeDistribution.EdgesMs.Length + 1, ResponseTimeDistribution.Labels().Count);
        Assert.Equal("< 100 µs", ResponseTimeDistribution.Labels()[0]);
        Assert.Equal("500 µs–1 ms", ResponseTimeDistribution.Labels()[3]);
        Assert.Equal("≥ 10 s", ResponseTimeDistribution.Labels()[^1]);
    }

    [Fact]
    public void Status_codes_are_counted_per_name_and_per_method_of_a_name_with_several()
    {
        var (statuses, rows, all) = ReportStatusTable.Build(Run());
        Assert.Equal(["200", "503"], statuses);
        Assert.Equal([("home", (string?)null), ("item", null), ("item", "GET"), ("item", "POST")], rows.Select(r => (r.Name, r.Method)));
        Assert.Equal(8, rows[1].ByStatus["200"]);
        Assert.Equal(4, rows[1].ByStatus["503"]);
        Assert.Equal("GET, POST", rows[1].Methods);
        Assert.False(rows[2].ByStatus.ContainsKey("503"));
        Assert.Equal(32, all.Total);
        Assert.Equal(28, all.ByStatus["200"]);
    }

    [Fact]
    public void A_run_whose_requests_all_failed_before_a_response_says_so_and_draws_no_zero_line()
    {
        var metrics = new MetricSnapshot();
        var ts = new MetricTimeSeries();
        var tags = new[] { T("name", "home"), T("method", "GET"), T("status", "0"), T("error", "connection refused") };
        foreach (var second in new[] { 1L, 2L })
        {
            var r = Of(MetricType.Counter, Enumerable.Repeat(1.0, 5));
            var d = Of(MetricType.Trend, Enumerable.Repeat(0.0, 5));
            metrics.Merge(new SeriesKey(BuiltinMetrics.HttpReqs, tags), r);
            metrics.Merge(new SeriesKey(BuiltinMetrics.HttpReqDuration, tags), d);
            ts.Add(new SeriesKey(BuiltinMetrics.HttpReqs, tags), Start.ToUnixTimeSeconds() + second, r);
            ts.Add(new SeriesKey(BuiltinMetrics.HttpReqDuration, tags), Start.ToUnixTimeSeconds() + second, d);
        }
        var report = Report(metrics) with { StartUtc = Start, EndUtc = Start.AddSeconds(2), TimeSeries = ts };

        var duration = ReportCharts.Build(report).Single(c => c.Id == "duration");
        Assert.False(duration.HasData);
        Assert.Equal("No responses: all 10 requests failed before a response came (status 0)", duration.EmptyText);
        Assert.Null(duration.Views);
        var distribution = ResponseTimeDistribution.Build(report);
        Assert.Empty(distribution.Ranges);
        Assert.Equal(10, distribution.All.NoResponse);
        Assert.Equal(10, distribution.All.Total);
        Assert.Contains(ReportFigures.Build(report), f => f.Id == "p95" && f.Value == ReportFigures.None && f.Detail == "no responses");

        // One response is enough for the chart to draw.
        Assert.Null(ReportCharts.NoResponses(Run()));
    }
}
