using Rampa.Core.Reporting;
using Rampa.Orleans.Contracts;
using Rampa.Orleans.Remote;

namespace Rampa.Cli.Commands;

/// <summary>
/// <c>rampa cluster status --cluster S</c>: the silos that watch that storage (from their heartbeats) and the runs in
/// its mailbox (submitted, claimed, running), read through storage like everything else a remote cluster tells.
/// </summary>
internal static class ClusterCommand
{
    /// <summary>A heartbeat older than this means the silo is gone (they are written every 5 s).</summary>
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(20);

    public static async Task<int> ExecuteAsync(CliArguments args, TextWriter output)
    {
        if (args.File is not "status") throw new CliUsageException($"'cluster' takes one subcommand: status (got '{args.File ?? ""}')");
        var cluster = ClusterOption.Create(args) ?? throw new CliUsageException("'cluster status' needs --cluster (or RAMPA_CLUSTER): the cluster's storage");
        var now = DateTimeOffset.UtcNow;
        output.WriteLine($"cluster storage: {cluster.Describe}");

        var beats = (await cluster.Mailbox.ReadHeartbeatsAsync(CancellationToken.None))
            .Select(b => (Beat: RemoteRunJson.Read<SiloHeartbeat>(b.Heartbeat), b.Written))
            .OrderBy(b => b.Beat.Silo, StringComparer.Ordinal).ToList();
        var up = beats.Where(b => now - b.Written < Fresh).ToList();
        output.WriteLine($"silos: {up.Count} up" + (beats.Count > up.Count ? $", {beats.Count - up.Count} silent" : ""));
        foreach (var (beat, written) in beats)
        {
            var state = now - written < Fresh ? "up    " : "silent";
            output.WriteLine($"  {state} {beat.Silo}  cluster {beat.ClusterId}{(beat.Name is null ? "" : $"  name {beat.Name}")}  " +
                             $"for {Ago(now - beat.StartedUtc)}  heartbeat {Ago(now - written)} ago" +
                             (beat.Runs.Count > 0 ? $"  publishing {string.Join(", ", beat.Runs)}" : ""));
        }

        var runs = await cluster.Mailbox.InboxAsync(CancellationToken.None);
        output.WriteLine($"runs in progress: {runs.Count}");
        foreach (var runId in runs)
        {
            var claim = await cluster.Mailbox.ReadClaimAsync(runId, CancellationToken.None);
            var read = await cluster.Mailbox.ReadStatusAsync(runId, CancellationToken.None);
            var status = read is { } r ? RemoteRunJson.Read<RunStatus>(r.Status) : null;
            var state = status?.State.ToString().ToLowerInvariant() ?? (claim is null ? "waiting for a silo" : "starting");
            var progress = status is null ? "" : $"  {status.Scenarios.Sum(s => s.Completed)} complete, {status.Scenarios.Sum(s => s.Interrupted)} interrupted iterations";
            output.WriteLine($"  {runId}  {state}{(claim is { } c ? $"  published by {c.Owner}" : "")}" +
                             $"{(read is { } w ? $"  status {Ago(now - w.Written)} ago" : "")}{progress}");
        }
        return 0;
    }

    private static string Ago(TimeSpan t) => MetricValues.FormatMs(Math.Max(0, Math.Round(t.TotalSeconds)) * 1000);
}
