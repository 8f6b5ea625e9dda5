using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rampa.Core.Artifacts;
using Rampa.Core.Reporting;
using Rampa.Core.Scenarios;
using Rampa.Orleans.Contracts;
using Rampa.Orleans.Reporting;

namespace Rampa.Orleans.Runtime;

/// <summary>
/// The orchestrator's side of the end of a run: builds the report from the merged result, writes the artifact set into
/// the local folder, then uploads it to the configured store (retried with backoff; on failure the files stay local
/// and the outcome says where and why). Never throws for a write or upload problem: what was measured is never lost.
/// </summary>
public sealed class ArtifactPublisher(IOptions<ArtifactOptions> options, ScenarioCodeHost code, ILogger<ArtifactPublisher> log)
{
    private readonly ArtifactOptions _options = options.Value;

    public async Task<ArtifactOutcome> PublishAsync(RunRequest request, RunResult result, CancellationToken cancellation = default)
    {
        var folder = Path.GetFullPath(Path.Combine(_options.LocalRoot, request.RunId));
        List<string> files;
        try
        {
            TestPlan plan;
            try
            {
                plan = await code.LoadPlanAsync(request, cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ScenarioLoadException or CodeBundleException)
            {
                plan = new TestPlan { Seed = request.Seed }; // the run failed before it started: a report of that
            }
            var report = RunReportFactory.Create(request, plan, result);
            files = ArtifactWriter.WriteAll(report, folder).Select(Path.GetFileName).OfType<string>().ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogError(e, "run {RunId}: could not write the artifacts into {Folder}", request.RunId, folder);
            return new ArtifactOutcome { Folder = folder, Problem = $"could not write the artifacts into {folder}: {e.Message}" };
        }
        if (_options.Store is not { } store) return new ArtifactOutcome { Folder = folder, Files = files };

        var upload = await new ArtifactUploader(_options.UploadPolicy).UploadFolderAsync(folder, request.RunId, store, cancellation).ConfigureAwait(false);
        if (!upload.Succeeded)
            log.LogWarning("run {RunId}: {Problem}", request.RunId, upload.Summary);
        return new ArtifactOutcome
        {
            Folder = folder,
            Files = files,
            StoreLocation = store.Describe(request.RunId),
            Uploaded = upload.Succeeded,
            Problem = upload.Succeeded ? null : $"the upload to {upload.Location} gave up ({upload.LastError}); the artifacts are kept in {folder}",
        };
    }
}
