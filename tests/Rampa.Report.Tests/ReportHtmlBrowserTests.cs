using System.Globalization;
using Microsoft.Playwright;
using Rampa.Core.Metrics;
using Rampa.Core.Reporting;
using Rampa.Core.Reporting.Html;

namespace Rampa.Report.Tests;

/// <summary>report.html opened in a real headless Chromium, offline, from a file.</summary>
public sealed class ReportHtmlBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IDisposable
{
    private static readonly string[] ChartIds = ["requests", "duration", "vus", "errors", "dropped"];
    private readonly string _dir = Directory.CreateTempSubdirectory("rampa-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteReport(RunReport report, string file = "report.html")
    {
        var path = Path.Combine(_dir, file);
        using (var stream = File.Create(path)) ReportHtmlWriter.Write(report, stream);
        return path;
    }

    private static void AssertSelfContained(OpenedReport opened)
    {
        Assert.Empty(opened.Blocked);
        Assert.Equal([opened.FileUrl], opened.Requests.Distinct());
        Assert.Empty(opened.Errors);
    }

    [Fact]
    public async Task A_full_run_renders_offline_with_charts_figures_and_tables()
    {
        var report = SampleRuns.Completed();
        var path = WriteReport(report);
        await using var opened = await OpenedReport.OpenAsync(chromium.Browser, path);
        var page = opened.Page;

        AssertSelfContained(opened);
        Assert.Equal(ChartIds, await page.Locator("[data-chart]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.chart)"));
        Assert.Equal(ChartIds.Length.ToString(CultureInfo.InvariantCulture), await page.Locator("body").GetAttributeAsync("data-rendered"));

        // Every chart drew at least one line with many points, axes with tick labels, and a legend.
        foreach (var id in ChartIds)
        {
            var chart = page.Locator($"[data-chart='{id}']");
            var paths = await chart.Locator("svg path.line").EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('d'))");
            Assert.NotEmpty(paths);
            Assert.Contains(paths, d => d.Count(c => c == 'L') >= 10);
            Assert.True(await chart.Locator("svg .axis text").CountAsync() >= 4, $"{id}: axis ticks");
            Assert.Equal(0, await chart.Locator("svg .nodata").CountAsync());
            Assert.True(await chart.Locator(".legend span").CountAsync() >= 1, $"{id}: legend");
        }
        Assert.Equal(4, await page.Locator("[data-chart='duration'] svg path.line").CountAsync());
        Assert.Equal(["p50", "p90", "p95", "p99"], await page.Locator("[data-chart='duration'] .legend span").AllTextContentsAsync());
        // Response-time ticks carry their unit.
        Assert.Contains(await page.Locator("[data-chart='duration'] svg .axis text").AllTextContentsAsync(), t => t.EndsWith("ms", StringComparison.Ordinal));

        // Key figures agree with the totals as summary.json and the text summary read them.
        var m = report.Metrics;
        var reqs = m.Total("http_reqs")!.Sum;
        Assert.Equal(reqs.ToString("#,0", CultureInfo.InvariantCulture), await Figure(page, "requests"));
        Assert.Equal(MetricValues.FormatRateShort(MetricValues.PerSecond(reqs, report.Duration)) + " req/s", await Figure(page, "rps"));
        var duration = m.Total("http_req_duration")!;
        Assert.Equal(MetricValues.FormatMs(MetricValues.TrendStat(duration, MetricUnit.Time, "p(95)")!.Value), await Figure(page, "p95"));
        Assert.Equal(MetricValues.FormatMs(MetricValues.TrendStat(duration, MetricUnit.Time, "p(99)")!.Value), await Figure(page, "p99"));
        var failed = m.Total("http_req_failed")!;
        Assert.Equal((100.0 * failed.NonZero / failed.Count).ToString("0.00", CultureInfo.InvariantCulture) + "%", await Figure(page, "failed"));
        Assert.Equal(m.Total("iterations")!.Sum.ToString("#,0", CultureInfo.InvariantCulture), await Figure(page, "iterations"));
        Assert.Equal(m.Total("dropped_iterations")!.Sum.ToString("#,0", CultureInfo.InvariantCulture), await Figure(page, "dropped"));
        Assert.Equal("20", await Figure(page, "vus-max"));
        Assert.Equal(MetricValues.FormatBytes(m.Total("data_received")!.Sum), await Figure(page, "data-received"));
        Assert.Equal(MetricValues.FormatBytes(m.Total("data_sent")!.Sum), await Figure(page, "data-sent"));
        Assert.Equal("completed", await Figure(page, "state"));
        Assert.Contains("FAILED", await Figure(page, "verdict"));

        // Thresholds: one row per expression, with the verdict's mark.
        var passed = report.Thresholds.Count(t => t.Passed);
        Assert.True(passed > 0 && passed < report.Thresholds.Count, "the sample has thresholds both passed and failed");
        Assert.Equal(Enumerable.Repeat("✓", passed), await page.Locator("tr[data-threshold='pass'] td.mark").AllTextContentsAsync());
        Assert.Equal(Enumerable.Repeat("✗", report.Thresholds.Count - passed), await page.Locator("tr[data-threshold='fail'] td.mark").AllTextContentsAsync());
        var p95Row = page.Locator("tr[data-threshold]").Filter(new() { HasText = "p(95)<2000" });
        Assert.Contains("p(95)=" + MetricValues.FormatMs(MetricValues.TrendStat(duration, MetricUnit.Time, "p(95)")!.Value), await p95Row.TextContentAsync());

        // One row per request name, with its own count and p95.
        Assert.Equal(SampleRuns.DefaultNames.Order(StringComparer.Ordinal),
            await page.Locator("tr[data-request]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.request)"));
        foreach (var name in SampleRuns.DefaultNames)
        {
            var filter = new Dictionary<string, string> { ["name"] = name };
            var cells = await page.Locator($"tr[data-request='{name}'] td").AllTextContentsAsync();
            Assert.Equal(name, cells[0]);
            Assert.Equal(m.Total("http_reqs", filter)!.Sum.ToString("#,0", CultureInfo.InvariantCulture), cells[2]);
            Assert.Equal(MetricValues.FormatMs(MetricValues.TrendStat(m.Total("http_req_duration", filter)!, MetricUnit.Time, "p(95)")!.Value), cells[8]);
        }

        // Checks: one row per check, the failing one marked.
        Assert.Equal(["body has id", "status is 200"], await page.Locator("tr[data-check]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.check)"));
        Assert.Equal("✗", await page.Locator("tr[data-check='status is 200'] td.mark").TextContentAsync());
        Assert.Equal(1, await page.Locator("tr[data-scenario='browse']").CountAsync());
        Assert.Contains("overflow:true", await page.Locator("#warnings").TextContentAsync());
        Assert.Contains("sha256:9f2c1e0b7a", await page.Locator("#settings").TextContentAsync());

        // Hovering a chart shows the values at that second.
        var box = (await page.Locator("[data-chart='requests'] svg").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        Assert.Contains("requests/s", await page.Locator("[data-chart='requests'] .tooltip").TextContentAsync());
        await page.Mouse.MoveAsync(0, 0);

        File.Copy(path, Path.Combine(RepoPaths.TestResults, "report.html"), overwrite: true);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.TestResults, "report.png"), FullPage = true });
        Assert.Empty(opened.Errors);
    }

    [Fact]
    public async Task A_run_that_failed_before_start_renders_no_data_charts()
    {
        var report = SampleRuns.FailedBeforeStart();
        var path = WriteReport(report);
        await using var opened = await OpenedReport.OpenAsync(chromium.Browser, path);
        var page = opened.Page;

        AssertSelfContained(opened);
        Assert.Equal(ChartIds.Length.ToString(CultureInfo.InvariantCulture), await page.Locator("body").GetAttributeAsync("data-rendered"));
        foreach (var id in ChartIds)
        {
            var chart = page.Locator($"[data-chart='{id}']");
            Assert.Equal(1, await chart.Locator("svg").CountAsync());
            Assert.Equal(0, await chart.Locator("svg path").CountAsync());
            Assert.Contains("No data", await chart.Locator("svg text.nodata").TextContentAsync());
        }
        Assert.Equal("failed", await Figure(page, "state"));
        Assert.Contains("FAILED", await Figure(page, "verdict"));
        Assert.Equal(ReportFigures.None, await Figure(page, "requests"));
        Assert.Contains("no silo answered", await page.Locator(".banner.bad").TextContentAsync());
        Assert.Equal(0, await page.Locator("tr[data-request]").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.TestResults, "report-empty.png"), FullPage = true });
    }

    [Fact]
    public async Task A_script_tag_in_the_data_does_not_break_the_page()
    {
        string[] names = ["home", "</script><script>window.__pwned=1</script>", "<!--<script>"];
        var report = SampleRuns.Completed(names, runName: "</script><b>x</b>");
        var html = ReportHtmlWriter.Render(report);
        // The data block is one element: the only "</script" after it opens is the one closing it.
        var data = html[html.IndexOf("<script type=\"application/json\" id=\"rampa-data\">", StringComparison.Ordinal)..];
        Assert.DoesNotContain("</script", data[..data.IndexOf("</script><script>", StringComparison.Ordinal)], StringComparison.OrdinalIgnoreCase);

        var path = WriteReport(report, "tricky.html");
        await using var opened = await OpenedReport.OpenAsync(chromium.Browser, path);
        var page = opened.Page;
        AssertSelfContained(opened);
        Assert.Equal(ChartIds.Length.ToString(CultureInfo.InvariantCulture), await page.Locator("body").GetAttributeAsync("data-rendered"));
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        Assert.Equal("</script><b>x</b>", await page.Locator("h1").TextContentAsync());
        Assert.Equal(names.Order(StringComparer.Ordinal), await page.Locator("tr[data-request]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.request)"));
        Assert.Equal("</script><b>x</b>", await page.EvaluateAsync<string>("() => JSON.parse(document.getElementById('rampa-data').textContent).run.name"));
        Assert.Equal(2, await page.Locator("script").CountAsync());
    }

    [Fact]
    public async Task A_narrow_screen_still_draws_every_chart()
    {
        var path = WriteReport(SampleRuns.Completed());
        await using var opened = await OpenedReport.OpenAsync(chromium.Browser, path, width: 420);
        AssertSelfContained(opened);
        Assert.Equal(ChartIds.Length, await opened.Page.Locator("svg path.line[data-series]").EvaluateAllAsync<int>("els => new Set(els.map(e => e.closest('[data-chart]').dataset.chart)).size"));
        await opened.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.TestResults, "report-narrow.png"), FullPage = true });
        var wide = await opened.Page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.scroll')).slice(0, 5).map(e => e.tagName + '.' + e.className)");
        Assert.Empty(wide);
        var overflow = await opened.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the page scrolls sideways on a narrow screen");
    }

    [Fact]
    public async Task Printing_keeps_every_chart_and_table()
    {
        var path = WriteReport(SampleRuns.Completed());
        await using var opened = await OpenedReport.OpenAsync(chromium.Browser, path);
        var page = opened.Page;
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await page.EvaluateAsync("() => window.dispatchEvent(new Event('beforeprint'))");
        foreach (var id in ChartIds)
        {
            var box = await page.Locator($"[data-chart='{id}'] svg").BoundingBoxAsync();
            Assert.True(box is { Width: > 200, Height: > 100 }, $"{id}: printed chart box");
            Assert.True(await page.Locator($"[data-chart='{id}'] svg path.line").CountAsync() > 0, $"{id}: printed lines");
        }
        Assert.True(await page.Locator("tr[data-request]").First.IsVisibleAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.TestResults, "report-print.png"), FullPage = true });
        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true, Path = Path.Combine(RepoPaths.TestResults, "report.pdf") });
        Assert.True(pdf.Length > 10_000);
        Assert.Empty(opened.Errors);
    }

    private static async Task<string> Figure(IPage page, string id) =>
        (await page.Locator($"[data-figure='{id}']").TextContentAsync())!.Trim();
}
