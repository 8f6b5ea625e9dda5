using Rampa.Cli.Live;
using Rampa.Orleans.Contracts;
using Rampa.Orleans.Remote;
using Rampa.Storage;

namespace Rampa.Cli;

/// <summary>
/// Drives a run on a remote cluster through storage only (docs/architecture.md#driving-a-remote-cluster-through-storage): submits the request to the run
/// mailbox, waits for a silo to claim it, shows the status the owning silo publishes each second, turns Ctrl-C into a
/// stop request, and returns the final status once the artifacts are written. Every wait is bounded: no silo, or a
/// cluster that stops reporting, ends the run with an error instead of a hang.
/// </summary>
public sealed class RemoteRunDriver(BlobRunMailbox mailbox, TextWriter output, LiveOutputs live)
{
    /// <summary>How long a submitted run may wait for a silo to pick it up.</summary>
    public static TimeSpan PickupTimeout { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>How long the status may stay unchanged while the run is not finished (a silo takes over after 15 s).</summary>
    public static TimeSpan SilenceTimeout { get; set; } = TimeSpan.FromSeconds(90);

    public async Task<RunStatus> RunAsync(RunRequest request, TimeSpan plannedLength)
    {
        await mailbox.SubmitAsync(request.RunId, RemoteRunJson.Write(request), CancellationToken.None);
        output.WriteLine($"  submitted to {mailbox.ContainerUri}; waiting for a silo to pick it up");
        using var interrupt = new InterruptWatch(live.Announce,
            "interrupted: asking the cluster to stop the run (Ctrl-C again to quit at once; the run then goes on without you)",
            () => _ = mailbox.RequestStopAsync(request.RunId, "interrupted by the user", CancellationToken.None));
        var submitted = DateTimeOffset.UtcNow;
        var lastChange = DateTimeOffset.UtcNow;
        DateTimeOffset lastWritten = default;
        RunStatus? status = null;
        var claimed = false;
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = DateTimeOffset.UtcNow;
            if (!claimed)
            {
                claimed = await mailbox.ReadClaimAsync(request.RunId, CancellationToken.None) is not null;
                if (!claimed && now - submitted > PickupTimeout)
                {
                    await mailbox.RemoveRequestAsync(request.RunId, CancellationToken.None);
                    return End(Failed($"no silo picked up the run within {PickupTimeout.TotalSeconds:0}s: is a cluster running against {mailbox.ContainerUri}?"));
                }
                if (!claimed) continue;
            }
            var read = await mailbox.ReadStatusAsync(request.RunId, CancellationToken.None);
            if (read is { } r && r.Written != lastWritten)
            {
                lastWritten = r.Written;
                lastChange = now;
                status = RemoteRunJson.Read<RunStatus>(r.Status);
            }
            if (status is { IsFinished: true, Artifacts: not null } done)
            {
                live.End(done);
                return done;
            }
            // A cluster that stops reporting past the run's own length plus the silence margin is given up on.
            if (now - lastChange > SilenceTimeout && now - submitted > plannedLength + SilenceTimeout)
                return End(Failed($"the cluster stopped reporting the run's status for {SilenceTimeout.TotalSeconds:0}s"));
            live.Update(status, now);
        }
    }

    private RunStatus End(RunStatus status)
    {
        live.End(status);
        return status;
    }

    private static RunStatus Failed(string error) => new()
    {
        State = RunState.Failed,
        Error = error,
        Artifacts = new ArtifactOutcome { Folder = "", Problem = "no artifacts: " + error },
    };
}
