namespace Rampa.Core.Metrics;

/// <summary>
/// The interval log of a single process (the embedded mode: one singleton per silo). It survives a histogram grain's
/// deactivation and reactivation, not the process; in one process nothing else can be lost, since the silos die with
/// it. It keeps the encoded bytes it is given (no copy): an append is a set lookup and a list add under a lock.
/// Memory grows with the run's snapshots (each is what the flusher already sent); an embedded process ends with its run.
/// </summary>
public sealed class InMemoryIntervalLog : IIntervalLog
{
    private readonly Dictionary<(string RunId, int Shard), Shard> _shards = new();
    private readonly Lock _lock = new();

    public Task AppendAsync(string runId, int shard, IntervalRecord record, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!_shards.TryGetValue((runId, shard), out var stored)) _shards[(runId, shard)] = stored = new();
            if (stored.Keys.Add((record.Silo, record.Sequence))) stored.Records.Add(record);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IntervalRecord>> ReadAsync(string runId, int shard, CancellationToken ct = default, Func<string, long, bool>? known = null)
    {
        lock (_lock)
        {
            IReadOnlyList<IntervalRecord> records = _shards.TryGetValue((runId, shard), out var stored)
                ? stored.Records.Where(r => known?.Invoke(r.Silo, r.Sequence) != true)
                    .OrderBy(r => r.Position).ToList() // stable: appends usually come in position order already
                : [];
            return Task.FromResult(records);
        }
    }

    private sealed class Shard
    {
        public readonly HashSet<(string Silo, long Seq)> Keys = new();
        public readonly List<IntervalRecord> Records = new();
    }
}
