using Rampa.Cli.Live;
using Rampa.Core.Scenarios;
using Rampa.Orleans.Contracts;
using Rampa.Orleans.Grains;

namespace Rampa.Cli;

/// <summary>
/// Drives one run from the client side: starts the orchestrator, hands each status to the live outputs, turns Ctrl-C/SIGTERM into a
/// stop (a second Ctrl-C exits at once), and fetches the merged result.
/// </summary>
public sealed class RunDriver(IClusterClient client, LiveOutputs live)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ArtifactWait = TimeSpan.FromMinutes(5);

    public async Task<RunResult> RunAsync(RunRequest request)
    {
        var orchestrator = client.GetGrain<IRunOrchestratorGrain>(request.RunId);
        using var interrupt = new InterruptWatch(live.Announce, "interrupted: stopping the run, writing the partial summary (Ctrl-C again to quit at once)",
            () => _ = orchestrator.Stop("interrupted by the user"));
        var status = await orchestrator.Start(request);
        while (!status.IsFinished)
        {
            await Task.Delay(PollInterval);
            status = await orchestrator.GetStatus();
            live.Update(status, DateTimeOffset.UtcNow);
        }
        // The orchestrator writes (and uploads) the artifacts after the end; its upload policy bounds how long.
        var artifactsBy = DateTimeOffset.UtcNow + ArtifactWait;
        while (status.Artifacts is null && DateTimeOffset.UtcNow < artifactsBy)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            status = await orchestrator.GetStatus();
        }
        var result = await orchestrator.GetResult() ?? throw new InvalidOperationException("the run finished without a result");
        live.End(result.Status);
        return result.Status.Artifacts is null
            ? result with { Status = result.Status with { Artifacts = new ArtifactOutcome { Folder = "", Problem = $"the artifacts were not written within {ArtifactWait.TotalMinutes} minutes" } } }
            : result;
    }

    public static RunRequest CreateRequest(string runId, ScenarioSource source, long seed, CodeBundle? code = null) => new()
    {
        Code = code,
        RunId = runId,
        FileName = source.FileName,
        ScenarioText = source.Text,
        Env = new Dictionary<string, string>(source.Env),
        Vus = source.Overrides.Vus,
        Duration = source.Overrides.Duration,
        Iterations = source.Overrides.Iterations,
        BaseUrl = source.Overrides.BaseUrl?.ToString(),
        StrictThresholds = source.Overrides.StrictThresholds,
        Seed = seed,
        RampaVersion = RampaVersion.Current,
    };
}
