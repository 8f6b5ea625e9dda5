using HdrHistogram;

namespace Rampa.Core.Metrics;

/// <summary>
/// The wire and storage form of a <see cref="MetricSnapshot"/>: a versioned, compact binary encoding.
/// Histograms travel as (bucket value, count) pairs of their non-empty buckets; re-recording a bucket's value
/// lands it in the same bucket, so decoding is exact. (HdrHistogram 2.5.0's compressed encoding has a known
/// decode bug, DESIGN.md section 9, so it is not used.)
/// </summary>
public static class MetricSnapshotCodec
{
    private const byte Version = 1;

    public static byte[] Encode(MetricSnapshot snapshot)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms))
        {
            w.Write(Version);
            w.Write7BitEncodedInt(snapshot.Series.Count);
            foreach (var (key, acc) in snapshot.Series)
            {
                w.Write(key.Metric.Name);
                w.Write((byte)key.Metric.Type);
                w.Write((byte)key.Metric.Unit);
                w.Write7BitEncodedInt(key.Tags.Count);
                foreach (var (k, v) in key.Tags) { w.Write(k); w.Write(v); }
                w.Write7BitEncodedInt64(acc.Count);
                w.Write(acc.Sum);
                w.Write(acc.Min);
                w.Write(acc.Max);
                w.Write7BitEncodedInt64(acc.NonZero);
                w.Write(acc.Last);
                var h = acc.Histogram;
                if (h is null || h.TotalCount == 0) { w.Write7BitEncodedInt(0); continue; }
                var buckets = h.RecordedValues().Select(v => (v.ValueIteratedTo, v.CountAtValueIteratedTo)).ToList();
                w.Write7BitEncodedInt(buckets.Count);
                foreach (var (value, count) in buckets) { w.Write7BitEncodedInt64(value); w.Write7BitEncodedInt64(count); }
            }
        }
        return ms.ToArray();
    }

    public static MetricSnapshot Decode(byte[] bytes)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        var version = r.ReadByte();
        if (version != Version) throw new InvalidDataException($"metric snapshot version {version} is not supported (expected {Version})");
        var snapshot = new MetricSnapshot();
        var n = r.Read7BitEncodedInt();
        for (var i = 0; i < n; i++)
        {
            var name = r.ReadString();
            var type = (MetricType)r.ReadByte();
            var unit = (MetricUnit)r.ReadByte();
            var tagCount = r.Read7BitEncodedInt();
            var tags = new KeyValuePair<string, string>[tagCount];
            for (var t = 0; t < tagCount; t++) tags[t] = new(r.ReadString(), r.ReadString());
            var metric = BuiltinMetrics.Find(name) is { } b && b.Type == type ? b : new MetricDefinition(name, type, unit);
            var count = r.Read7BitEncodedInt64();
            var sum = r.ReadDouble();
            var min = r.ReadDouble();
            var max = r.ReadDouble();
            var nonZero = r.Read7BitEncodedInt64();
            var last = r.ReadDouble();
            var bucketCount = r.Read7BitEncodedInt();
            LongHistogram? h = null;
            if (bucketCount > 0)
            {
                h = TrendHistogram.Create();
                for (var b2 = 0; b2 < bucketCount; b2++)
                {
                    var value = r.Read7BitEncodedInt64();
                    var c = r.Read7BitEncodedInt64();
                    h.RecordValueWithCount(TrendHistogram.Clamp(value), c);
                }
            }
            var acc = new SeriesAccumulator(type);
            acc.Restore(count, sum, min, max, nonZero, last, h);
            snapshot.Set(new SeriesKey(metric, tags), acc);
        }
        return snapshot;
    }
}
