using Rampa.Core.Reporting;
using Rampa.Orleans.Contracts;
using Rampa.Orleans.Grains;

namespace Rampa.Orleans.Tests;

/// <summary>The orchestrator's side writes the artifact set at the end of every run, a partial one when it was stopped.</summary>
[Collection("silo")]
public sealed class ArtifactPublishingTests(SiloFixture silo)
{
    private async Task<RunStatus> ArtifactsOf(IRunOrchestratorGrain grain)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var status = await grain.GetStatus();
            if (status.Artifacts is not null) return status;
            await Task.Delay(100);
        }
        throw new TimeoutException("no artifacts");
    }

    [Fact]
    public async Task A_finished_run_has_its_artifact_set_in_the_local_folder()
    {
        var request = silo.Request("""
            scenarios:
              a:
                executor: shared-iterations
                vus: 2
                iterations: 20
                flow: [{ request: GET /json }]
            thresholds:
              http_req_failed: ["rate<0.01"]
            """);
        var grain = silo.Client.GetGrain<IRunOrchestratorGrain>(request.RunId);
        await grain.Start(request);
        await SiloFixture.WaitAsync(grain, TimeSpan.FromSeconds(30));
        var status = await ArtifactsOf(grain);

        var artifacts = status.Artifacts!;
        Assert.Null(artifacts.Problem);
        Assert.Equal(Path.Combine(silo.ArtifactRoot, request.RunId), artifacts.Folder);
        Assert.Equal([ArtifactWriter.SummaryJson, ArtifactWriter.MetricsCsv, ArtifactWriter.ReportHtml, ArtifactWriter.JunitXml], artifacts.Files);
        Assert.All(artifacts.Files, f => Assert.True(new FileInfo(Path.Combine(artifacts.Folder, f)).Length > 0, f));
        Assert.Null(artifacts.StoreLocation);
        await using var summary = File.OpenRead(Path.Combine(artifacts.Folder, ArtifactWriter.SummaryJson));
        var report = SummaryJsonReader.Read(summary);
        Assert.Equal(request.RunId, report.RunId);
        Assert.Equal("completed", report.State);
        Assert.Equal(20, report.Metrics.Total("http_reqs")!.Sum);
        Assert.True(report.Thresholds.Single().Passed);
        Assert.DoesNotContain(Directory.GetFiles(artifacts.Folder), f => f.EndsWith(".partial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stopped_run_still_has_its_partial_set()
    {
        var request = silo.Request("""
            scenarios:
              a:
                executor: constant-vus
                vus: 2
                duration: 60s
                flow: [{ request: GET /json }, { think: 50ms }]
            """);
        var grain = silo.Client.GetGrain<IRunOrchestratorGrain>(request.RunId);
        await grain.Start(request);
        await Task.Delay(1500);
        await grain.Stop("interrupted by the test");
        await SiloFixture.WaitAsync(grain, TimeSpan.FromSeconds(40));
        var artifacts = (await ArtifactsOf(grain)).Artifacts!;

        Assert.Null(artifacts.Problem);
        await using var summary = File.OpenRead(Path.Combine(artifacts.Folder, ArtifactWriter.SummaryJson));
        var report = SummaryJsonReader.Read(summary);
        Assert.Equal("interrupted", report.State);
        Assert.Equal("interrupted by the test", report.StopReason);
        Assert.True(report.Metrics.Total("http_reqs")!.Sum > 0);
        Assert.Contains("interrupted", File.ReadAllText(Path.Combine(artifacts.Folder, ArtifactWriter.JunitXml)));
    }
}
