using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rampa.Orleans.Contracts;
using Rampa.Orleans.Grains;
using Rampa.Storage;

namespace Rampa.Orleans.Remote;

/// <summary>
/// A silo's side of the run mailbox (<see cref="BlobRunMailbox"/>): every second it reads the inbox, claims a new run
/// (one silo wins) and hands it to the run's orchestrator grain, then publishes the orchestrator's status for the
/// runs it owns, forwards a stop the CLI asked for, and removes a run from the inbox once its artifacts are written.
/// A run whose owner stopped publishing (its silo died) is taken over by another silo; the orchestrator grain itself
/// lives on in the cluster. Every silo also writes a heartbeat for <c>rampa cluster status</c>.
/// </summary>
public sealed class RunInboxService(
    BlobRunMailbox mailbox,
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IOptions<RunInboxOptions> options,
    ILogger<RunInboxService> log) : BackgroundService
{
    private readonly RunInboxOptions _options = options.Value;
    private readonly Dictionary<string, OwnedRun> _owned = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private DateTimeOffset _nextHeartbeat = DateTimeOffset.MinValue;

    private string Me => silo.SiloAddress.ToParsableString();

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        // Let the silo finish joining before it takes work.
        await Task.Delay(_options.PollInterval, stopping).ConfigureAwait(false);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await PollAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // Storage or the cluster hiccuped: the next poll tries again; a run is never dropped by this silo.
                log.LogWarning(e, "run inbox poll failed");
            }
            await Task.Delay(_options.PollInterval, stopping).ConfigureAwait(false);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await mailbox.RemoveHeartbeatAsync(Me, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogDebug(e, "could not remove the heartbeat");
        }
    }

    private async Task PollAsync(CancellationToken ct)
    {
        foreach (var runId in await mailbox.InboxAsync(ct).ConfigureAwait(false))
            if (!_owned.ContainsKey(runId)) await TryTakeAsync(runId, ct).ConfigureAwait(false);
        foreach (var run in _owned.Values.ToList()) await PublishAsync(run, ct).ConfigureAwait(false);
        if (DateTimeOffset.UtcNow >= _nextHeartbeat)
        {
            _nextHeartbeat = DateTimeOffset.UtcNow + _options.HeartbeatInterval;
            await mailbox.WriteHeartbeatAsync(Me, RemoteRunJson.Write(new SiloHeartbeat
            {
                Silo = Me,
                ClusterId = _options.ClusterId,
                Name = _options.SiloName,
                Host = Environment.MachineName,
                StartedUtc = _started,
                WrittenUtc = DateTimeOffset.UtcNow,
                Runs = _owned.Keys.Order(StringComparer.Ordinal).ToList(),
            }), ct).ConfigureAwait(false);
        }
    }

    /// <summary>Claims a new run, or takes over one whose owner went silent; then starts (or re-attaches to) it.</summary>
    private async Task TryTakeAsync(string runId, CancellationToken ct)
    {
        var claim = await mailbox.ReadClaimAsync(runId, ct).ConfigureAwait(false);
        if (claim is null)
        {
            if (!await mailbox.TryClaimAsync(runId, Me, ct).ConfigureAwait(false)) return;
        }
        else
        {
            if (claim.Value.Owner == Me) { /* ours from before a restart of this service: carry on */ }
            else
            {
                // The owner's last word: its last status, or its claim when it has written none yet.
                var status = await mailbox.ReadStatusAsync(runId, ct).ConfigureAwait(false);
                var lastWord = status is { } st && st.Written > claim.Value.Written ? st.Written : claim.Value.Written;
                if (DateTimeOffset.UtcNow - lastWord < _options.TakeOverAfter) return;
                if (!await mailbox.TryTakeOverAsync(runId, Me, claim.Value.ETag, ct).ConfigureAwait(false)) return;
                log.LogWarning("run {RunId}: its publisher {Owner} went silent; this silo takes over", runId, claim.Value.Owner);
            }
        }
        var bytes = await mailbox.ReadRequestAsync(runId, ct).ConfigureAwait(false);
        if (bytes is null) return; // finished and removed meanwhile
        RunRequest request;
        try
        {
            request = RemoteRunJson.Read<RunRequest>(bytes);
        }
        catch (System.Text.Json.JsonException e)
        {
            // A request nobody can run: answer it with a failed status instead of leaving the CLI waiting.
            await mailbox.WriteStatusAsync(runId, RemoteRunJson.Write(new RunStatus
            {
                State = RunState.Failed,
                Error = "the run request in storage is not valid: " + e.Message,
                Artifacts = new ArtifactOutcome { Folder = "", Problem = "no artifacts: the request could not be read" },
            }), ct).ConfigureAwait(false);
            await mailbox.RemoveRequestAsync(runId, ct).ConfigureAwait(false);
            return;
        }
        var orchestrator = grains.GetGrain<IRunOrchestratorGrain>(request.RunId);
        // Start is idempotent: a run already started (this is a takeover) just answers its status.
        await orchestrator.Start(request).ConfigureAwait(false);
        _owned[runId] = new OwnedRun(runId, orchestrator);
        log.LogInformation("run {RunId}: taken from the inbox and handed to its orchestrator", runId);
    }

    private async Task PublishAsync(OwnedRun run, CancellationToken ct)
    {
        if (!run.StopForwarded && await mailbox.StopRequestedAsync(run.RunId, ct).ConfigureAwait(false) is { } reason)
        {
            await run.Orchestrator.Stop(reason).ConfigureAwait(false);
            run.StopForwarded = true;
        }
        var status = await run.Orchestrator.GetStatus().ConfigureAwait(false);
        await mailbox.WriteStatusAsync(run.RunId, RemoteRunJson.Write(status), ct).ConfigureAwait(false);
        if (status.IsFinished && status.Artifacts is not null)
        {
            await mailbox.RemoveRequestAsync(run.RunId, ct).ConfigureAwait(false);
            _owned.Remove(run.RunId);
            log.LogInformation("run {RunId}: {State}, artifacts {Where}", run.RunId, status.State, status.Artifacts.StoreLocation ?? status.Artifacts.Folder);
        }
    }

    private sealed class OwnedRun(string runId, IRunOrchestratorGrain orchestrator)
    {
        public string RunId { get; } = runId;
        public IRunOrchestratorGrain Orchestrator { get; } = orchestrator;
        public bool StopForwarded { get; set; }
    }
}
