namespace Rampa.Core.Metrics;

/// <summary>
/// A Trend's distribution in one second of a run: only the non-empty buckets of the <see cref="TrendHistogram"/> shape,
/// as (bucket value, count) pairs sorted by value. The bucket value is HdrHistogram's highest equivalent value of the
/// bucket (what <c>RecordedValues()</c> reports), so every histogram of that shape names a bucket the same way: merging
/// adds the counts of equal values, which is exactly HdrHistogram <c>Add</c>, and a percentile read from it is the one
/// the full histogram would give (HdrHistogram's own rank rule, <see cref="ValueAtPercentile"/>). No percentile is ever
/// averaged.
/// <para>
/// Memory: 16 bytes per non-empty bucket (a long value and a long count, in two exact-size arrays) plus about 80 bytes
/// for the object and the two array headers, instead of the 185 KiB of a full <see cref="TrendHistogram"/>. A second
/// never holds more buckets than it had samples, and at most about 1,024 per doubling of the recorded value range (3
/// significant digits): a second of latencies between 1 ms and 100 ms with thousands of samples is a few thousand
/// buckets at most (tens of KiB); a second with 50 samples is at most 50 buckets (800 bytes).
/// </para>
/// Not thread-safe.
/// </summary>
public sealed class SparseHistogram
{
    private long[] _values;
    private long[] _counts;

    internal SparseHistogram(long[] values, long[] counts)
    {
        if (values.Length != counts.Length) throw new ArgumentException("values and counts differ in length");
        for (var i = 1; i < values.Length; i++)
            if (values[i] <= values[i - 1]) throw new ArgumentException("bucket values must be strictly increasing");
        _values = values;
        _counts = counts;
        foreach (var c in counts) TotalCount += c;
    }

    /// <summary>The sparse form of a <see cref="TrendHistogram"/>; null when it is null or empty.</summary>
    public static SparseHistogram? From(TrendRecorder? histogram)
    {
        if (histogram is null || histogram.TotalCount == 0) return null;
        var values = new List<long>();
        var counts = new List<long>();
        histogram.CopyBuckets(values, counts);
        return new SparseHistogram(values.ToArray(), counts.ToArray());
    }

    public long TotalCount { get; private set; }

    /// <summary>The number of non-empty buckets.</summary>
    public int BucketCount => _values.Length;

    /// <summary>Each non-empty bucket's value (its highest equivalent value, in microseconds for times), ascending.</summary>
    public ReadOnlySpan<long> Values => _values;

    /// <summary>The count of each bucket of <see cref="Values"/>.</summary>
    public ReadOnlySpan<long> Counts => _counts;

    /// <summary>Adds another histogram's counts, bucket by bucket (a merge of two sorted lists).</summary>
    public void Add(SparseHistogram other)
    {
        if (other.BucketCount == 0) return;
        var values = new long[CountUnion(_values, other._values)];
        var counts = new long[values.Length];
        int i = 0, j = 0, k = 0;
        while (i < _values.Length || j < other._values.Length)
        {
            if (j == other._values.Length || (i < _values.Length && _values[i] < other._values[j]))
            {
                values[k] = _values[i]; counts[k++] = _counts[i++];
            }
            else if (i == _values.Length || other._values[j] < _values[i])
            {
                values[k] = other._values[j]; counts[k++] = other._counts[j++];
            }
            else
            {
                values[k] = _values[i]; counts[k++] = _counts[i++] + other._counts[j++];
            }
        }
        _values = values;
        _counts = counts;
        TotalCount += other.TotalCount;
    }

    private static int CountUnion(long[] a, long[] b)
    {
        int i = 0, j = 0, n = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] < b[j]) i++;
            else if (b[j] < a[i]) j++;
            else { i++; j++; }
            n++;
        }
        return n + (a.Length - i) + (b.Length - j);
    }

    /// <summary>
    /// The bucket value at percentile <paramref name="percentile"/> (0..100) by HdrHistogram's rule: the first bucket
    /// whose running count reaches round(p/100 * total), at least 1. 0 when empty.
    /// </summary>
    public long ValueAtPercentile(double percentile)
    {
        if (TotalCount == 0) return 0;
        var requested = Math.Min(percentile, 100.0);
        var countAtPercentile = Math.Max((long)(requested / 100.0 * TotalCount + 0.5), 1);
        long running = 0;
        for (var i = 0; i < _values.Length; i++)
        {
            running += _counts[i];
            if (running >= countAtPercentile) return _values[i];
        }
        return _values[^1];
    }

    public SparseHistogram Clone() => new((long[])_values.Clone(), (long[])_counts.Clone());
}
