namespace Rampa.Core.Metrics;

/// <summary>
/// The wire and storage form of a <see cref="MetricSnapshot"/>: a versioned, compact binary encoding.
/// Histograms travel as (bucket value, count) pairs of their non-empty buckets; re-recording a bucket's value
/// lands it in the same bucket, so decoding is exact. (HdrHistogram 2.5.0's compressed encoding has a known
/// decode bug, docs/architecture.md#decisions, so it is not used.)
/// <para>
/// Version 2: <c>version, flags</c> (1 = an interval time follows, 2 = a time series section ends the bytes, 4 = a
/// messages section follows the series), <c>[interval Unix second]</c>, the series with their totals,
/// <c>[messages: count, then (series key, text) each]</c>, <c>[time series]</c>. The time series section holds,
/// per series key, its points in order of second (seconds and histogram bucket values delta-encoded as 7-bit
/// integers): count, sum, min, max, non-zero, gauge value, and the sparse histogram's (value, count) pairs.
/// </para>
/// </summary>
public static class MetricSnapshotCodec
{
    private const byte Version = 2;
    private const byte HasIntervalTime = 1;
    private const byte HasTimeSeries = 2;
    private const byte HasMessages = 4;

    public static byte[] Encode(MetricSnapshot snapshot)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms))
        {
            w.Write(Version);
            var flags = (byte)((snapshot.IntervalUnixSecond is null ? 0 : HasIntervalTime) | (snapshot.TimeSeries is null ? 0 : HasTimeSeries)
                | (snapshot.Messages.Count == 0 ? 0 : HasMessages));
            w.Write(flags);
            if (snapshot.IntervalUnixSecond is { } second) w.Write7BitEncodedInt64(second);
            w.Write7BitEncodedInt(snapshot.Series.Count);
            List<long> values = new(), counts = new();
            foreach (var (key, acc) in snapshot.Series)
            {
                WriteKey(w, key);
                w.Write7BitEncodedInt64(acc.Count);
                w.Write(acc.Sum);
                w.Write(acc.Min);
                w.Write(acc.Max);
                w.Write7BitEncodedInt64(acc.NonZero);
                w.Write(acc.Last);
                var h = acc.Histogram;
                if (h is null || h.TotalCount == 0) { w.Write7BitEncodedInt(0); continue; }
                values.Clear();
                counts.Clear();
                h.CopyBuckets(values, counts);
                w.Write7BitEncodedInt(values.Count);
                for (var i = 0; i < values.Count; i++) { w.Write7BitEncodedInt64(values[i]); w.Write7BitEncodedInt64(counts[i]); }
            }
            if (snapshot.Messages.Count > 0)
            {
                w.Write7BitEncodedInt(snapshot.Messages.Count);
                foreach (var (key, message) in snapshot.Messages) { WriteKey(w, key); w.Write(message); }
            }
            if (snapshot.TimeSeries is { } ts) WriteTimeSeries(w, ts);
        }
        return ms.ToArray();
    }

    public static MetricSnapshot Decode(byte[] bytes)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        var version = r.ReadByte();
        if (version != Version) throw new InvalidDataException($"metric snapshot version {version} is not supported (expected {Version})");
        var flags = r.ReadByte();
        if ((flags & ~(HasIntervalTime | HasTimeSeries | HasMessages)) != 0) throw new InvalidDataException($"unknown metric snapshot flags {flags}");
        var snapshot = new MetricSnapshot();
        if ((flags & HasIntervalTime) != 0) snapshot.IntervalUnixSecond = r.Read7BitEncodedInt64();
        var n = r.Read7BitEncodedInt();
        for (var i = 0; i < n; i++)
        {
            var key = ReadKey(r);
            var count = r.Read7BitEncodedInt64();
            var sum = r.ReadDouble();
            var min = r.ReadDouble();
            var max = r.ReadDouble();
            var nonZero = r.Read7BitEncodedInt64();
            var last = r.ReadDouble();
            var bucketCount = r.Read7BitEncodedInt();
            TrendRecorder? h = null;
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
            var acc = new SeriesAccumulator(key.Metric.Type);
            acc.Restore(count, sum, min, max, nonZero, last, h);
            snapshot.Set(key, acc);
        }
        if ((flags & HasMessages) != 0)
        {
            var messages = r.Read7BitEncodedInt();
            for (var i = 0; i < messages; i++) snapshot.KeepFirstMessage(ReadKey(r), r.ReadString());
        }
        if ((flags & HasTimeSeries) != 0) snapshot.TimeSeries = ReadTimeSeries(r);
        return snapshot;
    }

    private static void WriteKey(BinaryWriter w, SeriesKey key)
    {
        w.Write(key.Metric.Name);
        w.Write((byte)key.Metric.Type);
        w.Write((byte)key.Metric.Unit);
        w.Write7BitEncodedInt(key.Tags.Count);
        foreach (var (k, v) in key.Tags) { w.Write(k); w.Write(v); }
    }

    private static SeriesKey ReadKey(BinaryReader r)
    {
        var name = r.ReadString();
        var type = (MetricType)r.ReadByte();
        var unit = (MetricUnit)r.ReadByte();
        var tagCount = r.Read7BitEncodedInt();
        var tags = new KeyValuePair<string, string>[tagCount];
        for (var t = 0; t < tagCount; t++) tags[t] = new(r.ReadString(), r.ReadString());
        var metric = BuiltinMetrics.Find(name) is { } b && b.Type == type ? b : new MetricDefinition(name, type, unit);
        return new SeriesKey(metric, tags);
    }

    private static void WriteTimeSeries(BinaryWriter w, MetricTimeSeries ts)
    {
        // In a stable order, so equal series encode to equal bytes.
        var series = ts.Series.Where(s => s.Value.Count > 0)
            .OrderBy(s => s.Key.Canonical, StringComparer.Ordinal).ThenBy(s => s.Key.Metric.Type).ToList();
        w.Write7BitEncodedInt(series.Count);
        foreach (var (key, points) in series)
        {
            WriteKey(w, key);
            w.Write7BitEncodedInt(points.Count);
            long previousSecond = 0;
            foreach (var p in points)
            {
                w.Write7BitEncodedInt64(p.Second - previousSecond);
                previousSecond = p.Second;
                w.Write7BitEncodedInt64(p.Count);
                w.Write(p.Sum);
                w.Write(p.Min);
                w.Write(p.Max);
                w.Write7BitEncodedInt64(p.NonZero);
                w.Write(p.Value);
                var h = p.Histogram;
                if (h is null) { w.Write7BitEncodedInt(0); continue; }
                w.Write7BitEncodedInt(h.BucketCount);
                long previousValue = 0;
                for (var i = 0; i < h.BucketCount; i++)
                {
                    w.Write7BitEncodedInt64(h.Values[i] - previousValue);
                    previousValue = h.Values[i];
                    w.Write7BitEncodedInt64(h.Counts[i]);
                }
            }
        }
    }

    private static MetricTimeSeries ReadTimeSeries(BinaryReader r)
    {
        var ts = new MetricTimeSeries();
        var n = r.Read7BitEncodedInt();
        for (var i = 0; i < n; i++)
        {
            var key = ReadKey(r);
            var pointCount = r.Read7BitEncodedInt();
            var points = new List<SeriesPoint>(pointCount);
            long second = 0;
            for (var j = 0; j < pointCount; j++)
            {
                second += r.Read7BitEncodedInt64();
                var count = r.Read7BitEncodedInt64();
                var sum = r.ReadDouble();
                var min = r.ReadDouble();
                var max = r.ReadDouble();
                var nonZero = r.Read7BitEncodedInt64();
                var value = r.ReadDouble();
                var bucketCount = r.Read7BitEncodedInt();
                SparseHistogram? h = null;
                if (bucketCount > 0)
                {
                    var values = new long[bucketCount];
                    var counts = new long[bucketCount];
                    long bucketValue = 0;
                    for (var b = 0; b < bucketCount; b++)
                    {
                        bucketValue += r.Read7BitEncodedInt64();
                        values[b] = bucketValue;
                        counts[b] = r.Read7BitEncodedInt64();
                    }
                    h = new SparseHistogram(values, counts);
                }
                var point = new SeriesPoint(second);
                point.Restore(count, sum, min, max, nonZero, value, h);
                points.Add(point);
            }
            ts.Set(key, points);
        }
        return ts;
    }
}
