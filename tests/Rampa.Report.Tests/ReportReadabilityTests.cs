using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rampa.Core.Reporting;
using Rampa.Core.Reporting.Html;

namespace Rampa.Report.Tests;

/// <summary>
/// What a reader must be able to see in report.html, read back from the page in headless Chromium: the steady state
/// under a slow start (log axis, SVG geometry), latency per request, the distribution, status codes and methods.
/// </summary>
public sealed partial class ReportReadabilityTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rampa-readable-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<OpenedReport> OpenAsync(RunReport report, string file)
    {
        var path = Path.Combine(_dir, file);
        using (var stream = File.Create(path)) ReportHtmlWriter.Write(report, stream);
        var opened = await OpenedReport.OpenAsync(chromium.Browser, path);
        Assert.Empty(opened.Blocked);
        return opened;
    }

    [GeneratedRegex(@"[ML](-?[\d.]+),(-?[\d.]+)")]
    private static partial Regex PathPoint();

    /// <summary>The (x, y) points of a drawn line, in SVG units.</summary>
    private static async Task<List<(double X, double Y)>> LineAsync(IPage page, string chart, string series)
    {
        var d = await page.Locator($"[data-chart='{chart}'] svg path.line[data-series='{series}']").GetAttributeAsync("d");
        return PathPoint().Matches(d!).Select(m => (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).ToList();
    }

    /// <summary>The y of a chart's x axis (the zero line of a linear axis, the floor of a log one).</summary>
    private static async Task<double> FloorAsync(IPage page, string chart) =>
        double.Parse((await page.Locator($"[data-chart='{chart}'] svg .axis > line:last-of-type").GetAttributeAsync("y1"))!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_slow_first_second_leaves_the_steady_state_visible_on_a_log_axis_that_toggles_to_linear()
    {
        await using var opened = await OpenAsync(LatencyRuns.SlowFirstSecond(), "slow-start.html");
        var page = opened.Page;
        var svg = page.Locator("[data-chart='duration'] svg");
        Assert.Equal("log", await svg.GetAttributeAsync("data-scale"));
        Assert.Equal("true", await page.Locator("[data-chart='duration'] .scale-toggle button[data-scale='log']").GetAttributeAsync("aria-pressed"));
        var ticks = await page.Locator("[data-chart='duration'] svg .axis text").AllTextContentsAsync();
        Assert.Contains("1ms", ticks);
        Assert.Contains("100ms", ticks);

        // p50 is ~100 ms in the first second and ~1 ms after it: on the log axis every steady second stands well above
        // the floor, and the cold start stands well above the steady state.
        var floor = await FloorAsync(page, "duration");
        var p50 = await LineAsync(page, "duration", "p50");
        Assert.Equal(LatencyRuns.Seconds, p50.Count);
        var steady = p50.Skip(1).ToList();
        Assert.All(steady, p => Assert.True(floor - p.Y > 40, $"steady p50 at y={p.Y} sits on the floor y={floor}"));
        Assert.True(steady.Min(p => p.Y) - p50[0].Y > 60, "the slow first second stands above the steady state");
        await svg.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(RepoPaths.TestResults, "latency-log.png") });

        // Linear, on demand: the same steady state is squeezed onto the zero line; that is why log is the default.
        await page.Locator("[data-chart='duration'] .scale-toggle button[data-scale='linear']").ClickAsync();
        Assert.Equal("linear", await svg.GetAttributeAsync("data-scale"));
        var linear = await LineAsync(page, "duration", "p50");
        Assert.All(linear.Skip(1), p => Assert.True(floor - p.Y < 5, $"linear: steady p50 at y={p.Y}, floor {floor}"));
        await page.Locator("[data-chart='duration'] .scale-toggle button[data-scale='log']").ClickAsync();
        Assert.Equal("log", await svg.GetAttributeAsync("data-scale"));
        Assert.Equal(p50, await LineAsync(page, "duration", "p50"));
        Assert.Empty(opened.Errors);
    }

    [Fact]
    public async Task Latency_percentiles_can_be_shown_per_request_name_and_method()
    {
        var report = LatencyRuns.SlowFirstSecond();
        await using var opened = await OpenAsync(report, "per-name.html");
        var page = opened.Page;
        var select = page.Locator("[data-chart='duration'] select.view");
        Assert.Equal(["All requests", "home", "item", "item · GET", "item · POST", "search"], await select.Locator("option").AllTextContentsAsync());

        var all = await LineAsync(page, "duration", "p99");
        await select.SelectOptionAsync(new SelectOptionValue { Label = "item · POST" });
        Assert.Equal(["p50", "p90", "p95", "p99"], await page.Locator("[data-chart='duration'] .legend span").AllTextContentsAsync());
        var post = await LineAsync(page, "duration", "p99");
        Assert.Equal(LatencyRuns.Seconds, post.Count);
        Assert.NotEqual(all, post);

        // The view's lines are that name and method's own percentiles: its p99 in the last second, merged from histograms.
        var json = await page.EvaluateAsync<JsonElement>("() => JSON.parse(document.getElementById('rampa-data').textContent).charts.find(c => c.id === 'duration').views.find(v => v.label === 'item · POST').series.find(s => s.name === 'p99').points");
        var expected = report.Metrics.OfMetric("http_req_duration").Where(s => s.Key.Tag("name") == "item" && s.Key.Tag("method") == "POST").Sum(s => s.Value.Count);
        Assert.Equal(15 * LatencyRuns.Seconds, expected);
        Assert.Equal(LatencyRuns.Seconds, json.GetArrayLength());
        Assert.InRange(json[LatencyRuns.Seconds - 1][1].GetDouble(), 0.8, 1.25);
        Assert.InRange(json[0][1].GetDouble(), 80, 125);
        await page.Locator("[data-chart='duration']").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(RepoPaths.TestResults, "latency-per-name.png") });
        Assert.Empty(opened.Errors);
    }

    [Fact]
    public async Task The_distribution_counts_every_request_once_overall_and_per_name()
    {
        foreach (var (report, file) in new[] { (LatencyRuns.SlowFirstSecond(), "dist-slow.html"), (SampleRuns.Completed(), "dist-sample.html") })
        {
            await using var opened = await OpenAsync(report, file);
            var page = opened.Page;
            var reqs = (long)report.Metrics.Total("http_reqs")!.Sum;
            var counts = await page.Locator("#distribution tr[data-range] td[data-count]").EvaluateAllAsync<long[]>("els => els.map(e => +e.dataset.count)");
            Assert.Equal(reqs, counts.Sum());
            Assert.Equal("100.00%", (await page.Locator("#distribution tr[data-range]").Last.Locator("td").Nth(3).TextContentAsync())!.Trim());

            // One column per name (and name · method): each adds up to that name's http_reqs.
            var headers = await page.Locator("#distribution thead th").AllTextContentsAsync();
            foreach (var name in report.Metrics.OfMetric("http_reqs").Select(s => s.Key.Tag("name")!).Distinct())
            {
                var column = headers.ToList().IndexOf(name);
                Assert.True(column > 0, $"a column for {name}");
                var perName = await page.Locator($"#distribution tr[data-range] td:nth-child({column + 1})").EvaluateAllAsync<long[]>("els => els.map(e => +e.dataset.nameCount)");
                Assert.Equal((long)report.Metrics.Total("http_reqs", new Dictionary<string, string> { ["name"] = name })!.Sum, perName.Sum());
            }
            Assert.Empty(opened.Errors);
        }
        // The slow start's ranges: the steady seconds around 1 ms, the first second around 100 ms.
        await using var slow = await OpenAsync(LatencyRuns.SlowFirstSecond(), "dist-ranges.html");
        var ranges = await slow.Page.Locator("#distribution tr[data-range]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.range)");
        Assert.Equal("500 µs–1 ms", ranges[0]);
        Assert.Contains("50–100 ms", ranges);
        await slow.Page.Locator("#distribution").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(RepoPaths.TestResults, "distribution.png") });
    }

    [Fact]
    public async Task Status_codes_per_request_equal_the_summary_json_totals_and_a_name_with_two_methods_is_split()
    {
        var report = LatencyRuns.SlowFirstSecond();
        await using var opened = await OpenAsync(report, "status.html");
        var page = opened.Page;
        using var summary = JsonDocument.Parse(SummaryJsonWriter.Write(report));
        var reqs = summary.RootElement.GetProperty("metrics").GetProperty("http_reqs");

        var expected = reqs.GetProperty("series").EnumerateArray()
            .GroupBy(s => (Name: s.GetProperty("tags").GetProperty("name").GetString()!, Status: s.GetProperty("tags").GetProperty("status").GetString()!))
            .ToDictionary(g => g.Key, g => g.Sum(s => s.GetProperty("values").GetProperty("count").GetInt64()));
        Assert.Equal(4, expected.Count);
        foreach (var ((name, status), count) in expected)
            Assert.Equal(count.ToString(CultureInfo.InvariantCulture),
                await page.Locator($"tr[data-status-row='{name}'] td[data-status='{status}']").GetAttributeAsync("data-count"));
        Assert.Equal(reqs.GetProperty("values").GetProperty("count").GetInt64().ToString(CultureInfo.InvariantCulture),
            await page.Locator("tr[data-status-all] td[data-total]").GetAttributeAsync("data-total"));
        var allByStatus = await page.Locator("tr[data-status-all] td[data-status]").EvaluateAllAsync<long[]>("els => els.map(e => +e.dataset.count)");
        Assert.Equal(reqs.GetProperty("values").GetProperty("count").GetInt64(), allByStatus.Sum());
        Assert.Equal(["200", "404", "503"], await page.Locator("tr[data-status-all] td[data-status]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.status)"));

        // "item" went out as GET and POST: both tables split it, and only it.
        Assert.Equal(["GET", "POST"], await page.Locator("tr[data-request-of='item']").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.requestMethod)"));
        Assert.Equal(2, await page.Locator("tr[data-request-method]").CountAsync());
        Assert.Equal("GET, POST", (await page.Locator("tr[data-request='item'] td").Nth(1).TextContentAsync())!.Trim());
        var postCells = await page.Locator("tr[data-request-of='item'][data-request-method='POST'] td").AllTextContentsAsync();
        Assert.Equal((15 * LatencyRuns.Seconds).ToString("#,0", CultureInfo.InvariantCulture), postCells[2]);
        Assert.Equal("20.00%", postCells[4]);
        Assert.Equal((3 * LatencyRuns.Seconds).ToString(CultureInfo.InvariantCulture),
            await page.Locator("tr[data-status-of='item'][data-status-method='POST'] td[data-status='503']").GetAttributeAsync("data-count"));
        Assert.Equal("0", await page.Locator("tr[data-status-of='item'][data-status-method='GET'] td[data-status='503']").GetAttributeAsync("data-count"));
        await page.Locator("#requests").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(RepoPaths.TestResults, "requests-status.png") });
        Assert.Empty(opened.Errors);
    }

    [Fact]
    public async Task A_run_without_any_response_says_so_instead_of_drawing_zeros()
    {
        var report = LatencyRuns.NoResponses();
        await using var opened = await OpenAsync(report, "dead-port.html");
        var page = opened.Page;
        var duration = page.Locator("[data-chart='duration']");
        Assert.Equal(0, await duration.Locator("svg path").CountAsync());
        Assert.Equal("No responses: all 500 requests failed before a response came (status 0)", await duration.Locator("svg text.nodata").TextContentAsync());
        Assert.False(await duration.Locator(".controls").IsVisibleAsync());
        Assert.Equal(ReportFigures.None, (await page.Locator("[data-figure='p95']").TextContentAsync())!.Trim());
        Assert.Contains("No responses", await page.Locator("#distribution").TextContentAsync());
        Assert.Equal("500", await page.Locator("#distribution tr[data-range='no response'] td[data-count]").GetAttributeAsync("data-count"));
        Assert.Equal("500", await page.Locator("tr[data-status-all] td[data-status='0']").GetAttributeAsync("data-count"));
        // The request rate still draws: the requests were sent.
        Assert.True(await page.Locator("[data-chart='requests'] svg path.line").CountAsync() > 0);
        Assert.Equal(ReportFigures.None, (await page.Locator("tr[data-request='home'] td").Nth(6).TextContentAsync())!.Trim());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.TestResults, "report-no-responses.png"), FullPage = true });
        Assert.Empty(opened.Errors);
    }
}
