namespace Rampa.Core.Metrics;

/// <summary>
/// The interval log of the single-process mode: keeps nothing. In one process a histogram grain never moves (its silo
/// is the only one, and the flushes keep it active until the orchestrator has read it), and if the process dies the run
/// dies with it, so there is never anything to replay, and keeping every snapshot would only make memory grow with the
/// run's length. A cluster whose silos can die registers Rampa.Storage's BlobIntervalLog instead.
/// </summary>
public sealed class NoIntervalLog : IIntervalLog
{
    public Task AppendAsync(string runId, int shard, IntervalRecord record, CancellationToken ct = default) => Task.CompletedTask;

    public Task<IReadOnlyList<IntervalRecord>> ReadAsync(string runId, int shard, CancellationToken ct = default, Func<string, long, bool>? known = null) =>
        Task.FromResult<IReadOnlyList<IntervalRecord>>([]);
}
