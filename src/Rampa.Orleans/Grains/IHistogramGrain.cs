namespace Rampa.Orleans.Grains;

/// <summary>
/// Merges the interval snapshots of every silo for one shard of a run's metrics (key: <c>{runId}/{shard}</c>):
/// HdrHistogram <c>Add</c>, counters, rates, gauges, in total and per second of the run (by each snapshot's interval
/// time). A (silo, sequence) pair is applied once, so a retried flush is never counted twice.
/// </summary>
[Alias("Rampa.IHistogramGrain")]
public interface IHistogramGrain : IGrainWithStringKey
{
    /// <summary>Applies one interval snapshot (MetricSnapshotCodec bytes); true once it is merged (also for a duplicate).</summary>
    [Alias("Merge")]
    Task<bool> Merge(string silo, long sequence, byte[] snapshot);

    /// <summary>The merged totals so far, with the per-second series of every series (MetricSnapshotCodec bytes).</summary>
    [Alias("GetMerged")]
    Task<byte[]> GetMerged();

    /// <summary>
    /// Only the merged totals so far, without the per-second series (MetricSnapshotCodec bytes): cheap enough for the
    /// orchestrator's live threshold evaluation every 2 s.
    /// </summary>
    [Alias("GetTotals")]
    Task<byte[]> GetTotals();

    /// <summary>
    /// The per-second series of the metrics a live frame reads (LiveFrameBuilder.Reads) from <paramref name="fromSecond"/> (Unix seconds) on, without totals (MetricSnapshotCodec
    /// bytes, in <c>TimeSeries</c>): the orchestrator's live feed reads the last few seconds of each shard once a second.
    /// </summary>
    [Alias("GetSeconds")]
    Task<byte[]> GetSeconds(long fromSecond);
}
