using System.Text.Json;
using Rampa.Core.Metrics;
using Rampa.Core.Reporting;
using Rampa.Core.Thresholds;
using static Rampa.Core.Tests.Reporting.ReportFixtures;

namespace Rampa.Core.Tests.Reporting;

public class SummaryJsonWriterTests
{
    private static readonly ThresholdResult[] Verdicts =
    [
        new("http_req_duration", "p(95)<2", 1.9, true, false),
        new("http_req_failed", "rate<0.01", 0.25, false, true),
        new("http_req_blocked", "p(95)<1", null, true, false),
    ];

    private static JsonElement Parse(RunReport report)
    {
        var bytes = SummaryJsonWriter.Write(report);
        using var doc = JsonDocument.Parse(bytes);
        return doc.RootElement.Clone();
    }

    private static JsonElement Json() => Parse(Report(SampleMetrics(), Verdicts));

    [Fact]
    public void Has_run_metadata()
    {
        var root = Json();
        Assert.Equal(SummaryJsonWriter.FormatVersion, root.GetProperty("version").GetInt32());
        var run = root.GetProperty("run");
        Assert.Equal("run-123", run.GetProperty("id").GetString());
        Assert.Equal("shop", run.GetProperty("name").GetString());
        Assert.Equal("examples/shop.yaml", run.GetProperty("scenarioFile").GetString());
        Assert.Equal("abc123", run.GetProperty("scenarioHash").GetString());
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), run.GetProperty("startUtc").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 5, 5, TimeSpan.Zero), run.GetProperty("endUtc").GetDateTimeOffset());
        Assert.Equal(60, run.GetProperty("durationSeconds").GetDouble());
        Assert.Equal(["silo-1", "silo-2"], run.GetProperty("silos").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("0.1.0", run.GetProperty("rampaVersion").GetString());
        Assert.Equal(42, run.GetProperty("seed").GetInt64());
        Assert.Equal("completed", run.GetProperty("state").GetString());
        Assert.Equal(99, run.GetProperty("exitCode").GetInt32());
        Assert.False(run.TryGetProperty("stopReason", out _));
        Assert.False(run.TryGetProperty("error", out _));
        Assert.Equal(["tag 'name' exploded"], root.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
    }

    [Fact]
    public void Optional_run_fields_appear_when_set()
    {
        var run = Parse(Report(SampleMetrics()) with { Name = null, StopReason = "abortOnFail", Error = "boom", State = "interrupted" }).GetProperty("run");
        Assert.False(run.TryGetProperty("name", out _));
        Assert.Equal("abortOnFail", run.GetProperty("stopReason").GetString());
        Assert.Equal("boom", run.GetProperty("error").GetString());
        Assert.Equal("interrupted", run.GetProperty("state").GetString());
    }

    [Fact]
    public void Has_scenarios()
    {
        var s = Assert.Single(Json().GetProperty("scenarios").EnumerateArray());
        Assert.Equal("s", s.GetProperty("name").GetString());
        Assert.Equal("constant-vus", s.GetProperty("executor").GetString());
        Assert.Equal(10, s.GetProperty("maxVus").GetInt32());
        Assert.Equal(120, s.GetProperty("iterations").GetInt64());
        Assert.Equal(3, s.GetProperty("interruptedIterations").GetInt64());
        Assert.Equal("0s", s.GetProperty("startTime").GetString());
        Assert.Equal("50s", s.GetProperty("duration").GetString());
        Assert.Equal("30s", s.GetProperty("gracefulStop").GetString());
    }

    [Fact]
    public void Has_thresholds_with_verdicts()
    {
        var t = Json().GetProperty("thresholds").EnumerateArray().ToList();
        Assert.Equal(3, t.Count);
        Assert.Equal("http_req_duration", t[0].GetProperty("metric").GetString());
        Assert.Equal("p(95)<2", t[0].GetProperty("expression").GetString());
        Assert.Equal(1.9, t[0].GetProperty("observed").GetDouble());
        Assert.True(t[0].GetProperty("passed").GetBoolean());
        Assert.False(t[0].GetProperty("abortOnFail").GetBoolean());
        Assert.False(t[1].GetProperty("passed").GetBoolean());
        Assert.True(t[1].GetProperty("abortOnFail").GetBoolean());
        Assert.Equal(JsonValueKind.Null, t[2].GetProperty("observed").ValueKind);
        Assert.True(t[2].GetProperty("passed").GetBoolean());
    }

    [Fact]
    public void Metrics_are_sorted_by_name_with_type_and_unit()
    {
        var metrics = Json().GetProperty("metrics");
        var names = metrics.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(SampleMetrics().MetricNames.Order(StringComparer.Ordinal), names);
        Assert.Equal("counter", metrics.GetProperty("http_reqs").GetProperty("type").GetString());
        Assert.Equal("default", metrics.GetProperty("http_reqs").GetProperty("contains").GetString());
        Assert.Equal("trend", metrics.GetProperty("http_req_duration").GetProperty("type").GetString());
        Assert.Equal("time", metrics.GetProperty("http_req_duration").GetProperty("contains").GetString());
        Assert.Equal("rate", metrics.GetProperty("http_req_failed").GetProperty("type").GetString());
        Assert.Equal("gauge", metrics.GetProperty("vus").GetProperty("type").GetString());
        Assert.Equal("data", metrics.GetProperty("data_received").GetProperty("contains").GetString());
        Assert.Equal("default", metrics.GetProperty("custom_score").GetProperty("contains").GetString());
    }

    [Fact]
    public void Counter_values_are_count_and_rate_per_second()
    {
        var reqs = Json().GetProperty("metrics").GetProperty("http_reqs");
        Assert.Equal(600, reqs.GetProperty("values").GetProperty("count").GetDouble());
        Assert.Equal(10, reqs.GetProperty("values").GetProperty("rate").GetDouble());
        var data = Json().GetProperty("metrics").GetProperty("data_received").GetProperty("values");
        Assert.Equal(1_500_000, data.GetProperty("count").GetDouble());
        Assert.Equal(25_000, data.GetProperty("rate").GetDouble());
    }

    [Fact]
    public void Trend_values_are_in_milliseconds()
    {
        var duration = Json().GetProperty("metrics").GetProperty("http_req_duration");
        // Whole metric: home 100..2000us (20 samples) and cart 5000us x 4.
        var all = duration.GetProperty("values");
        Assert.Equal(24, all.GetProperty("count").GetInt64());
        Assert.Equal(41_000.0 / 24 / 1000, all.GetProperty("avg").GetDouble(), 12);
        Assert.Equal(0.1, all.GetProperty("min").GetDouble());
        Assert.Equal(5, all.GetProperty("max").GetDouble());
        Assert.Equal(5, all.GetProperty("p(99)").GetDouble());

        var home = duration.GetProperty("series").EnumerateArray()
            .Single(s => s.GetProperty("tags").GetProperty("name").GetString() == "home").GetProperty("values");
        Assert.Equal(20, home.GetProperty("count").GetInt64());
        Assert.Equal(1.05, home.GetProperty("avg").GetDouble());
        Assert.Equal(0.1, home.GetProperty("min").GetDouble());
        Assert.Equal(1, home.GetProperty("med").GetDouble());
        Assert.Equal(2, home.GetProperty("max").GetDouble());
        Assert.Equal(1.8, home.GetProperty("p(90)").GetDouble());
        Assert.Equal(1.9, home.GetProperty("p(95)").GetDouble());
        Assert.Equal(2, home.GetProperty("p(99)").GetDouble());
        Assert.Equal(["count", "avg", "min", "med", "max", "p(90)", "p(95)", "p(99)"], home.EnumerateObject().Select(p => p.Name));

        var iteration = Json().GetProperty("metrics").GetProperty("iteration_duration").GetProperty("values");
        Assert.Equal(375, iteration.GetProperty("avg").GetDouble());
        Assert.Equal(250, iteration.GetProperty("min").GetDouble());
        Assert.Equal(500, iteration.GetProperty("max").GetDouble());

        // A Trend without a unit is not scaled.
        var custom = Json().GetProperty("metrics").GetProperty("custom_score").GetProperty("values");
        Assert.Equal(50.5, custom.GetProperty("avg").GetDouble());
        Assert.Equal(90, custom.GetProperty("p(90)").GetDouble());
    }

    [Fact]
    public void Rate_and_gauge_values()
    {
        var metrics = Json().GetProperty("metrics");
        var failed = metrics.GetProperty("http_req_failed").GetProperty("values");
        Assert.Equal(0.25, failed.GetProperty("rate").GetDouble());
        Assert.Equal(1, failed.GetProperty("passes").GetInt64());
        Assert.Equal(3, failed.GetProperty("fails").GetInt64());
        var checks = metrics.GetProperty("checks").GetProperty("values");
        Assert.Equal(0.75, checks.GetProperty("rate").GetDouble());
        var vus = metrics.GetProperty("vus").GetProperty("values");
        Assert.Equal(12, vus.GetProperty("value").GetDouble());
        Assert.Equal(3, vus.GetProperty("min").GetDouble());
        Assert.Equal(15, vus.GetProperty("max").GetDouble());
    }

    [Fact]
    public void Every_tagged_series_is_listed_with_its_tags()
    {
        var series = Json().GetProperty("metrics").GetProperty("http_reqs").GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(2, series.Count);
        // Sorted by canonical key: http_reqs{method:GET,...} before http_reqs{method:POST,...}.
        Assert.Equal("GET", series[0].GetProperty("tags").GetProperty("method").GetString());
        Assert.Equal("home", series[0].GetProperty("tags").GetProperty("name").GetString());
        Assert.Equal(400, series[0].GetProperty("values").GetProperty("count").GetDouble());
        Assert.Equal("POST", series[1].GetProperty("tags").GetProperty("method").GetString());
        Assert.Equal(200, series[1].GetProperty("values").GetProperty("count").GetDouble());
        Assert.Equal(200.0 / 60, series[1].GetProperty("values").GetProperty("rate").GetDouble(), 12);

        var untagged = Assert.Single(Json().GetProperty("metrics").GetProperty("vus").GetProperty("series").EnumerateArray());
        Assert.Empty(untagged.GetProperty("tags").EnumerateObject());
        var checks = Json().GetProperty("metrics").GetProperty("checks").GetProperty("series").EnumerateArray()
            .Select(s => s.GetProperty("tags").GetProperty("check").GetString()).ToList();
        Assert.Equal(["body has id", "status is 200"], checks);
    }

    [Fact]
    public void An_empty_run_still_writes_valid_json()
    {
        var root = Parse(Report(new MetricSnapshot()) with { EndUtc = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), Scenarios = [], Warnings = [] });
        Assert.Empty(root.GetProperty("metrics").EnumerateObject());
        Assert.Equal(0, root.GetProperty("run").GetProperty("durationSeconds").GetDouble());
        Assert.Empty(root.GetProperty("scenarios").EnumerateArray());
    }

    [Fact]
    public void Empty_series_do_not_break_the_writer()
    {
        var metrics = new MetricSnapshot();
        foreach (var m in new[] { BuiltinMetrics.HttpReqs, BuiltinMetrics.Vus, BuiltinMetrics.HttpReqFailed, BuiltinMetrics.HttpReqDuration })
            metrics.Set(new SeriesKey(m, []), new SeriesAccumulator(m.Type));
        var root = Parse(Report(metrics));
        Assert.Equal(0, root.GetProperty("metrics").GetProperty("http_req_duration").GetProperty("values").GetProperty("count").GetInt64());
        Assert.Equal(0, root.GetProperty("metrics").GetProperty("vus").GetProperty("values").GetProperty("min").GetDouble());
    }
    [Fact]
    public void Writes_the_per_second_time_series_of_every_series()
    {
        var report = Report(SampleMetrics(), Verdicts);
        var start = report.StartUtc.ToUnixTimeSeconds();
        var ts = Parse(report with { TimeSeries = SampleTimeSeries(start) }).GetProperty("timeSeries");
        Assert.Equal(1, ts.GetProperty("intervalSeconds").GetInt32());
        Assert.Equal(start, ts.GetProperty("startUnixSeconds").GetInt64());
        var series = ts.GetProperty("series").EnumerateArray().ToList();
        // Sorted by metric, then by the series' canonical key (method:GET before method:POST).
        Assert.Equal(["custom_score", "http_req_duration", "http_req_failed", "http_reqs", "http_reqs", "vus"],
            series.Select(s => s.GetProperty("metric").GetString()));
        JsonElement Series(string metric, int index = 0) => series.Where(s => s.GetProperty("metric").GetString() == metric).ElementAt(index);

        var home = Series("http_reqs");
        Assert.Equal("counter", home.GetProperty("type").GetString());
        Assert.Equal("default", home.GetProperty("contains").GetString());
        Assert.Equal("home", home.GetProperty("tags").GetProperty("name").GetString());
        Assert.Equal("GET", home.GetProperty("tags").GetProperty("method").GetString());
        var points = home.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal([0L, 1, 2], points.Select(p => p.GetProperty("t").GetInt64()));
        Assert.Equal([20.0, 40, 60], points.Select(p => p.GetProperty("count").GetDouble()));
        Assert.Equal([20.0, 40, 60], points.Select(p => p.GetProperty("rate").GetDouble()));
        Assert.Equal(["t", "count", "rate"], points[0].EnumerateObject().Select(p => p.Name));
        // A series that had data in one second only has one point.
        var cart = Assert.Single(Series("http_reqs", 1).GetProperty("points").EnumerateArray());
        Assert.Equal(1, cart.GetProperty("t").GetInt64());
        Assert.Equal(4, cart.GetProperty("count").GetDouble());

        var vus = Series("vus");
        Assert.Equal("gauge", vus.GetProperty("type").GetString());
        Assert.Empty(vus.GetProperty("tags").EnumerateObject());
        var vusPoints = vus.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal([1.0, 6, 11], vusPoints.Select(p => p.GetProperty("value").GetDouble())); // a's 5t + b's 1
        Assert.Equal(["t", "value"], vusPoints[0].EnumerateObject().Select(p => p.Name));

        var failed = Series("http_req_failed").GetProperty("points")[0];
        Assert.Equal(["t", "count", "passes", "rate"], failed.EnumerateObject().Select(p => p.Name));
        Assert.Equal(8, failed.GetProperty("count").GetInt64());
        Assert.Equal(1, failed.GetProperty("passes").GetInt64());
        Assert.Equal(0.125, failed.GetProperty("rate").GetDouble());

        // A time Trend in ms: second t holds (t+1) x 1..20 ms, so p50 = 10(t+1) ms, p95 = 19(t+1), p99 = max = 20(t+1).
        var duration = Series("http_req_duration");
        Assert.Equal("time", duration.GetProperty("contains").GetString());
        var d = duration.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(["t", "count", "sum", "avg", "min", "p50", "p90", "p95", "p99", "max"], d[0].EnumerateObject().Select(p => p.Name));
        for (var t = 0; t < 3; t++)
        {
            var k = t + 1;
            Assert.Equal(t, d[t].GetProperty("t").GetInt64());
            Assert.Equal(20, d[t].GetProperty("count").GetInt64());
            Assert.Equal(10.5 * k, d[t].GetProperty("avg").GetDouble(), 9);
            Assert.Equal(1.0 * k, d[t].GetProperty("min").GetDouble());
            Assert.Equal(20.0 * k, d[t].GetProperty("max").GetDouble());
            // Within HdrHistogram's 0.1% (a bucket's highest equivalent value).
            Assert.InRange(d[t].GetProperty("p50").GetDouble(), 10.0 * k, 10.0 * k * 1.001);
            Assert.InRange(d[t].GetProperty("p90").GetDouble(), 18.0 * k, 18.0 * k * 1.001);
            Assert.InRange(d[t].GetProperty("p95").GetDouble(), 19.0 * k, 19.0 * k * 1.001);
            Assert.Equal(20.0 * k, d[t].GetProperty("p99").GetDouble());
        }
        // A Trend without a unit is not scaled.
        var score = Series("custom_score").GetProperty("points")[2];
        Assert.Equal(100, score.GetProperty("count").GetInt64());
        Assert.Equal(25, score.GetProperty("p50").GetDouble());
        Assert.Equal(50, score.GetProperty("max").GetDouble());
    }

    [Fact]
    public void A_run_without_per_second_data_has_an_empty_time_series()
    {
        var ts = Json().GetProperty("timeSeries");
        Assert.Equal(1, ts.GetProperty("intervalSeconds").GetInt32());
        Assert.Empty(ts.GetProperty("series").EnumerateArray());
    }
}
