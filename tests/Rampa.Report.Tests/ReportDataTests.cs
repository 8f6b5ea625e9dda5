using Rampa.Core.Metrics;
using Rampa.Core.Reporting.Html;

namespace Rampa.Report.Tests;

/// <summary>The pure parts of the report: merging a metric's series per second, the charts' data, script escaping.</summary>
public sealed class ReportDataTests
{
    private static KeyValuePair<string, string> T(string k, string v) => new(k, v);

    private static SeriesAccumulator Of(MetricType type, IEnumerable<double> values)
    {
        var acc = new SeriesAccumulator(type);
        foreach (var v in values) acc.Add(v);
        return acc;
    }

    [Fact]
    public void Merging_over_tag_sets_adds_counts_and_histograms_per_second_without_touching_the_inputs()
    {
        var ts = new MetricTimeSeries();
        var home = new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("name", "home")]);
        var cart = new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("name", "cart")]);
        var other = new SeriesKey(BuiltinMetrics.IterationDuration, []);
        ts.Add(home, 100, Of(MetricType.Trend, Enumerable.Range(1, 50).Select(i => i * 1000.0)));
        ts.Add(cart, 100, Of(MetricType.Trend, Enumerable.Range(51, 50).Select(i => i * 1000.0)));
        ts.Add(cart, 102, Of(MetricType.Trend, [7000]));
        ts.Add(other, 101, Of(MetricType.Trend, [1]));

        var byMetric = ts.ByMetric();
        var merged = byMetric.Points(new SeriesKey(BuiltinMetrics.HttpReqDuration, []));

        Assert.Equal([100L, 102L], merged.Select(p => p.Second));
        Assert.Equal(100, merged[0].Count);
        Assert.Equal(1000, merged[0].Min);
        Assert.Equal(100_000, merged[0].Max);
        Assert.InRange(merged[0].Percentile(50), 49_900, 50_100);
        Assert.InRange(merged[0].Percentile(99), 98_900, 99_100);
        Assert.Equal(7000, merged[1].Percentile(95), 0.01);
        // The stored points are unchanged and not shared with the merged ones.
        Assert.Equal(50, ts.Points(home)[0].Count);
        Assert.NotSame(ts.Points(home)[0], merged[0]);
        Assert.Empty(byMetric.Points(new SeriesKey(BuiltinMetrics.HttpReqs, [])));
    }

    [Fact]
    public void Charts_read_the_series_as_summary_json_does()
    {
        var report = SampleRuns.Completed();
        var charts = ReportCharts.Build(report).ToDictionary(c => c.Id);
        Assert.Equal(["requests", "duration", "vus", "errors", "dropped"], charts.Keys);

        // The request rate adds up, over the seconds, to the run's total request count.
        var perSecond = charts["requests"].Series.Single().Points;
        Assert.Equal(report.Metrics.Total("http_reqs")!.Sum, perSecond.Sum(p => p[1]));
        // Times are seconds since the start: the first flush is one second in.
        Assert.Equal(1, perSecond[0][0]);
        Assert.Equal(SampleRuns.Seconds, perSecond[^1][0]);

        // p95 of one second equals a merge of that second's points read in milliseconds.
        var start = report.StartUtc.ToUnixTimeSeconds();
        var p95 = charts["duration"].Series.Single(s => s.Name == "p95").Points.Single(p => p[0] == 20);
        var expected = new SeriesPoint(start + 20);
        foreach (var (key, points) in report.TimeSeries.Series.Where(s => s.Key.Metric.Name == "http_req_duration"))
            foreach (var p in points.Where(p => p.Second == start + 20)) expected.Merge(p);
        Assert.Equal(expected.Percentile(95) / 1000, p95[1], 6);

        Assert.Equal(20, charts["vus"].Series.Single(s => s.Name == "vus").Points.Max(p => p[1]));
        Assert.Equal(20, charts["vus"].Series.Single(s => s.Name == "vus_max").Points.Max(p => p[1]));
        Assert.Equal(report.Metrics.Total("http_req_failed")!.NonZero, charts["errors"].Series.Single(s => s.Name == "failed/s").Points.Sum(p => p[1]));
        Assert.Equal(report.Metrics.Total("dropped_iterations")!.Sum, charts["dropped"].Series.Single().Points.Sum(p => p[1]));
    }

    [Fact]
    public void An_empty_run_has_charts_without_data()
    {
        var charts = ReportCharts.Build(SampleRuns.FailedBeforeStart());
        Assert.Equal(5, charts.Count);
        Assert.All(charts, c => Assert.False(c.HasData));
    }

    [Theory]
    [InlineData("{\"a\":\"</script>\"}", "{\"a\":\"<\\/script>\"}")]
    [InlineData("{\"a\":\"</SCRIPT\"}", "{\"a\":\"<\\/SCRIPT\"}")]
    [InlineData("{\"a\":\"<!--<script>\"}", "{\"a\":\"\\u003C!--<script>\"}")]
    [InlineData("{\"a\":\"a<b\"}", "{\"a\":\"a<b\"}")]
    public void Escaping_for_a_script_element_keeps_the_json_equal(string json, string escaped)
    {
        Assert.Equal(escaped, ReportHtmlWriter.EscapeForScript(json));
        Assert.Equal(System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("a").GetString(),
            System.Text.Json.JsonDocument.Parse(escaped).RootElement.GetProperty("a").GetString());
    }

    [Theory]
    [InlineData("completed", null, null, 0, "PASSED")]
    [InlineData("interrupted", "stopped by the user (Ctrl+C)", null, 105, "FAILED")]
    [InlineData("aborted-by-threshold", null, "http_req_failed: rate<0.01", 99, "FAILED")]
    public void The_header_shows_the_state_badge_the_verdict_and_why_the_run_stopped(string state, string? stopReason, string? abortedBy, int exitCode, string verdict)
    {
        var report = SampleRuns.Completed() with { State = state, StopReason = stopReason, AbortedBy = abortedBy, ExitCode = exitCode };
        var html = ReportHtmlWriter.Render(report);
        Assert.Contains($"<span class=\"badge state {state}\" data-figure=\"state\">{state}</span>", html);
        Assert.Contains($"<strong>{verdict}</strong>", html);
        Assert.Contains($"exit code {exitCode}", html);
        if (abortedBy is not null) Assert.Contains("Aborted by threshold</strong> <code>http_req_failed: rate&lt;0.01</code>", html);
        else if (stopReason is not null) Assert.Contains($"<strong>Stopped:</strong> {stopReason}", html);
        else Assert.DoesNotContain("class=\"banner", html);
    }

    [Fact]
    public void The_page_refers_to_nothing_outside_itself()
    {
        var html = ReportHtmlWriter.Render(SampleRuns.Completed());
        foreach (var outside in new[] { "http://", "https://", "src=", "href=", "@import", "url(" })
            Assert.DoesNotContain(outside, html.Replace("http://www.w3.org/2000/svg", ""), StringComparison.OrdinalIgnoreCase);
    }
}
