namespace Rampa.Core.Metrics;

/// <summary>
/// One interval snapshot a histogram shard accepted: its place in the order the shard accepted them (0, 1, 2...), the
/// silo that sent it, that silo's sequence number, and the MetricSnapshotCodec bytes. Replaying in that order makes
/// the merge exactly what it was (a cluster gauge's min and max depend on the order silos' values arrived in).
/// </summary>
public sealed record IntervalRecord(long Position, string Silo, long Sequence, byte[] Snapshot);
