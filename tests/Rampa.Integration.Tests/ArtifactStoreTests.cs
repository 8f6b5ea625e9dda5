using Microsoft.Playwright;
using Rampa.Report.Tests;
using Rampa.Storage;
using Rampa.Storage.Tests;

namespace Rampa.Integration.Tests;

/// <summary>
/// The artifact set of a real run in a real Azure Blob container (Azurite, started by the test on free ports):
/// uploaded byte-identical, fetched back by `rampa report URL`, and kept locally with a clear warning when the store
/// goes away. And the run's report.html, opened offline in headless Chromium.
/// </summary>
[Collection("cli")]
public sealed class ArtifactStoreTests : TargetTest
{
    private readonly AzuriteFixture _azurite = new();

    private const string Scenario = """
        scenarios:
          steady:
            executor: constant-arrival-rate
            rate: 30
            duration: 3s
            preAllocatedVUs: 4
            maxVUs: 20
            flow:
              - request: GET /json
                name: json
              - request: GET /items/7
                name: item
        thresholds:
          http_req_failed: ["rate<0.01"]
        """;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await _azurite.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await _azurite.DisposeAsync();
        await base.DisposeAsync();
    }

    private string RunFolder => Directory.GetDirectories(Path.Combine(Ws.Dir, "rampa-results")).Single();

    private Task<RampaRun> RunAsync(Func<System.Diagnostics.Process, Task>? during, params string[] extra) =>
        RampaProcess.RunAsync(Ws.Dir, TimeSpan.FromMinutes(2), during, null,
            ["run", Ws.Write("store.yaml", Scenario), "--base-url", Target.BaseUrl.ToString(), "-q", "--no-color", .. extra]);

    [Fact]
    public async Task Artifacts_land_in_the_container_byte_identical_and_rampa_report_reads_them_back()
    {
        var run = await RunAsync(null, "--artifacts-blob", _azurite.ConnectionString, "--artifacts-container", "it-runs");
        Assert.True(run.ExitCode == 0, run.Output);
        var runId = Path.GetFileName(RunFolder);
        var location = $"{_azurite.BlobEndpoint}/it-runs/runs/{runId}/";
        Assert.Contains($"uploaded:  {location}", run.Stdout);

        var store = ArtifactStoreConfig.Parse(_azurite.ConnectionString, "it-runs").CreateStore();
        var names = await store.ListAsync(runId, CancellationToken.None);
        Assert.Equal(["junit.xml", "metrics.csv", "report.html", "summary.json"], names);
        foreach (var name in names)
        {
            await using var blob = (await store.OpenReadAsync(runId, name, CancellationToken.None))!;
            var copy = new MemoryStream();
            await blob.CopyToAsync(copy);
            Assert.True(File.ReadAllBytes(Path.Combine(RunFolder, name)).AsSpan().SequenceEqual(copy.ToArray()), $"{name} differs");
        }

        var fetched = Path.Combine(Ws.Dir, "fetched");
        var report = await RampaProcess.RunAsync(Ws.Dir, "report", location, "--artifacts-blob", _azurite.ConnectionString, "--out-dir", fetched, "--no-color");
        Assert.True(report.ExitCode == 0, report.Output);
        Assert.Contains("fetched 4 artifact(s)", report.Stdout);
        Assert.Equal(File.ReadAllText(Path.Combine(RunFolder, "metrics.csv")), File.ReadAllText(Path.Combine(fetched, runId, "metrics.csv")));
    }

    [Fact]
    public async Task A_store_gone_before_the_upload_leaves_the_artifacts_on_local_disk_with_a_warning()
    {
        var run = await RunAsync(async _ =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            await _azurite.StopAsync(); // mid-run: the upload at the end finds nobody
        }, "--artifacts-blob", _azurite.ConnectionString);

        Assert.True(run.ExitCode == 0, run.Output); // the verdict is the run's: nothing measured was lost
        Assert.Contains("warning: the upload to", run.Stdout);
        Assert.Contains($"the artifacts are kept in {RunFolder}", run.Stdout);
        Assert.DoesNotContain("uploaded:", run.Stdout);
        foreach (var name in new[] { "summary.json", "metrics.csv", "report.html", "junit.xml" })
            Assert.True(new FileInfo(Path.Combine(RunFolder, name)).Length > 0, name);
    }

    [Fact]
    public async Task The_report_of_a_real_run_opens_offline_in_Chromium_with_every_chart_drawn()
    {
        var run = await RunAsync(null);
        Assert.True(run.ExitCode == 0, run.Output);
        await using var chromium = new ChromiumFixture();
        await chromium.InitializeAsync();
        await using var opened = await OpenedReport.OpenAsync(chromium.Browser, Path.Combine(RunFolder, "report.html"));
        var page = opened.Page;

        Assert.Empty(opened.Blocked);
        Assert.Empty(opened.Errors);
        Assert.Equal("5", await page.Locator("body").GetAttributeAsync("data-rendered"));
        foreach (var id in new[] { "requests", "duration", "vus" })
            Assert.True(await page.Locator($"[data-chart='{id}'] svg path.line").CountAsync() > 0, $"{id} drew no line");
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RunFolder, "summary.json")));
        Assert.Equal(summary.Count("http_reqs").ToString("#,0", System.Globalization.CultureInfo.InvariantCulture),
            (await page.Locator("[data-figure='requests']").TextContentAsync())?.Trim());
        Assert.Contains("PASSED", await page.Locator("[data-figure='verdict']").TextContentAsync());
        Assert.Equal(2, await page.Locator("tr[data-request]").CountAsync());
        var results = Path.Combine(RampaProcess.RepoRoot, "artifacts", "test-results");
        Directory.CreateDirectory(results);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(results, "report-e2e.png"), FullPage = true });
    }
}
