namespace Rampa.Core.Metrics;

/// <summary>
/// The append-only log of the interval snapshots a histogram grain accepted, per run and shard. The grain appends
/// before it acknowledges a flush and replays the log when it activates, so a grain that moves (its silo died) comes
/// back with everything it acknowledged. Appending only what is new keeps each write small, where storing the whole
/// aggregator every second would grow with the run.
/// </summary>
public interface IIntervalLog
{
    /// <summary>
    /// Stores one snapshot. Idempotent per (run, shard, silo, sequence): a retried flush that was stored but not
    /// acknowledged stores nothing new and keeps the first position (replay dedups by (silo, sequence) as well).
    /// </summary>
    Task AppendAsync(string runId, int shard, IntervalRecord record, CancellationToken ct = default);

    /// <summary>
    /// Every snapshot stored for the shard, by <see cref="IntervalRecord.Position"/>; those for which
    /// <paramref name="known"/> (silo, sequence) says true are left out (not even fetched, where the log can tell).
    /// </summary>
    Task<IReadOnlyList<IntervalRecord>> ReadAsync(string runId, int shard, CancellationToken ct = default, Func<string, long, bool>? known = null);
}
