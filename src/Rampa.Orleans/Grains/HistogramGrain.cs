using Rampa.Core.Metrics;

namespace Rampa.Orleans.Grains;

/// <summary>
/// Thin: holds a <see cref="MetricAggregator"/>; the merge logic lives there. The silos' flushes (once a second)
/// keep it active for the run; the orchestrator reads the totals and the per-second series right after the last flush.
/// </summary>
public sealed class HistogramGrain : Grain, IHistogramGrain
{
    /// <summary>Shards per run: metrics are spread over this many histogram grains by a stable hash of their name.</summary>
    public const int Shards = 4;

    private readonly MetricAggregator _aggregator = new();

    public static int ShardOf(string metric) => (int)(Rampa.Core.Engine.SeedMixer.Fnv1a(metric) % Shards);

    public Task<bool> Merge(string silo, long sequence, byte[] snapshot)
    {
        _aggregator.Apply(silo, sequence, MetricSnapshotCodec.Decode(snapshot));
        return Task.FromResult(true);
    }

    public Task<byte[]> GetMerged() => Task.FromResult(MetricSnapshotCodec.Encode(_aggregator.Merged()));

    public Task<byte[]> GetTotals() => Task.FromResult(MetricSnapshotCodec.Encode(_aggregator.Total));
}
