using Rampa.Core.Live;
using Rampa.Core.Metrics;

namespace Rampa.Orleans.Grains;

/// <summary>
/// Thin: holds a <see cref="MetricAggregator"/>; the merge logic lives there. The silos' flushes (once a second)
/// keep it active for the run; the orchestrator reads the totals and the per-second series right after the last flush.
/// <para>
/// Persist before acknowledging: a new (silo, sequence) is appended to the <see cref="IIntervalLog"/> before it is
/// applied and acknowledged, and an activation replays the log first, so an activation that moves to another silo
/// (or was collected) starts with every snapshot acknowledged before, and the silos' pending retries dedup against it.
/// </para>
/// </summary>
public sealed class HistogramGrain(IIntervalLog log) : Grain, IHistogramGrain
{
    /// <summary>Shards per run: metrics are spread over this many histogram grains by a stable hash of their name.</summary>
    public const int Shards = 4;

    private readonly MetricAggregator _aggregator = new();
    private string _runId = "";
    private int _shard;

    public static int ShardOf(string metric) => (int)(Rampa.Core.Engine.SeedMixer.Fnv1a(metric) % Shards);

    /// <summary>The grain key of one shard of a run: <c>{runId}/{shard}</c>.</summary>
    public static string Key(string runId, int shard) => $"{runId}/{shard}";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var slash = key.LastIndexOf('/');
        if (slash < 0 || !int.TryParse(key.AsSpan(slash + 1), out _shard))
            throw new ArgumentException($"a histogram grain key is {{runId}}/{{shard}}, not '{key}'");
        _runId = key[..slash];
        foreach (var record in await log.ReadAsync(_runId, _shard, cancellationToken))
            _aggregator.Apply(record.Silo, record.Sequence, MetricSnapshotCodec.Decode(record.Snapshot));
    }

    public async Task<bool> Merge(string silo, long sequence, byte[] snapshot)
    {
        if (_aggregator.HasApplied(silo, sequence)) return true; // a retry of a flush stored before
        // Decode first: bytes that can't be read are rejected here rather than stored and failing every replay.
        var interval = MetricSnapshotCodec.Decode(snapshot);
        // Its position is the count accepted before it: replay then applies everything in the order it was accepted.
        await log.AppendAsync(_runId, _shard, new IntervalRecord(_aggregator.AppliedCount, silo, sequence, snapshot));
        _aggregator.Apply(silo, sequence, interval);
        return true;
    }

    /// <summary>
    /// The final read. First catches up with the log: when a silo dies, the grain directory may briefly hold two
    /// activations of this grain, each accepting some flushes; both stored them in the log, so reading what this
    /// activation has not applied yet makes the final merge whole (a no-op in the single-process mode).
    /// </summary>
    public async Task<byte[]> GetMerged()
    {
        foreach (var record in await log.ReadAsync(_runId, _shard, known: _aggregator.HasApplied))
            _aggregator.Apply(record.Silo, record.Sequence, MetricSnapshotCodec.Decode(record.Snapshot));
        return MetricSnapshotCodec.Encode(_aggregator.Merged());
    }

    /// <summary>The per-second series from <paramref name="fromSecond"/> on of the metrics a live frame reads, no totals: the orchestrator's live feed.</summary>
    public Task<byte[]> GetSeconds(long fromSecond) =>
        Task.FromResult(MetricSnapshotCodec.Encode(new MetricSnapshot { TimeSeries = _aggregator.TimeSeriesFrom(fromSecond, LiveFrameBuilder.Reads) }));

    public Task<byte[]> GetTotals() => Task.FromResult(MetricSnapshotCodec.Encode(_aggregator.Total));
}
