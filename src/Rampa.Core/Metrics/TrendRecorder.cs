using System.Numerics;
using HdrHistogram;

namespace Rampa.Core.Metrics;

/// <summary>
/// The histogram of a Trend: an HdrHistogram of the <see cref="TrendHistogram"/> shape (it is a <see cref="HistogramBase"/>,
/// so percentiles, <c>Add</c> and the standard V2 encoding are HdrHistogram's own) whose counts live in pages.
/// <para>
/// Why: the shape has 23,552 buckets, 185 KiB of counts in one array, and a second of a run uses a few hundred of them.
/// Here the counts live in pages of 256 buckets (2 KiB; a page covers a quarter of a power of two of the recorded values,
/// so latencies between 0.1 and 10 ms touch at most 20 pages, a narrow distribution two or three), allocated on first
/// use: no recorder ever takes a large-object-heap array (those are what trigger the blocking full collections that
/// pause every thread, the pacer's included), and reading the buckets out (<see cref="CopyBuckets"/>), adding one
/// recorder into another (<see cref="Add"/>) and clearing (<see cref="HistogramBase.Reset"/>) walk only the pages in
/// use, in order. The once-a-second flush of every silo does all three for every Trend series.
/// </para>
/// Recording costs what it costs in <see cref="LongHistogram"/> plus a page lookup. Not thread-safe.
/// </summary>
public sealed class TrendRecorder : HistogramBase
{
    private const int PageShift = 8;
    private const int PageSize = 1 << PageShift;
    private const int PageMask = PageSize - 1;

    private readonly int _subBucketHalfCount;
    private readonly int _subBucketHalfCountMagnitude;
    private readonly int _length;
    private readonly long[]?[] _pages;

    public TrendRecorder() : base(TrendHistogram.Lowest, TrendHistogram.Highest, TrendHistogram.SignificantDigits)
    {
        _subBucketHalfCount = SubBucketCount / 2;
        _subBucketHalfCountMagnitude = BitOperations.Log2((uint)_subBucketHalfCount);
        // HdrHistogram's length for its number of buckets: (buckets + 1) * (sub-buckets / 2).
        _length = (BucketCount + 1) * _subBucketHalfCount;
        _pages = new long[]?[(_length + PageSize - 1) >> PageShift];
    }

    /// <summary>The number of non-empty buckets.</summary>
    public int UsedBuckets
    {
        get
        {
            var used = 0;
            foreach (var page in _pages)
                if (page is not null)
                    foreach (var count in page)
                        if (count != 0) used++;
            return used;
        }
    }

    public override long TotalCount { get; protected set; }

    protected override int WordSizeInBytes => sizeof(long);

    protected override long MaxAllowableCount => long.MaxValue;

    public override HistogramBase Copy()
    {
        var copy = new TrendRecorder();
        copy.Add(this);
        return copy;
    }

    /// <summary>Adds another histogram's counts (a recorder: only its pages in use are visited).</summary>
    public override void Add(HistogramBase fromHistogram)
    {
        if (fromHistogram is not TrendRecorder other)
        {
            base.Add(fromHistogram);
            return;
        }
        // Counts go straight into the buckets, except the lowest and the highest bucket's: those are recorded as values
        // (a bucket's lowest value lands in that bucket), which keeps HdrHistogram's own min and max right.
        var previous = -1;
        var first = true;
        for (var p = 0; p < other._pages.Length; p++)
        {
            if (other._pages[p] is not { } page) continue;
            for (var i = 0; i < PageSize; i++)
            {
                if (page[i] == 0) continue;
                if (previous >= 0)
                {
                    if (first) RecordValueWithCount(ValueAtIndex(previous), other.CountAt(previous));
                    else AddToCountAtIndex(previous, other.CountAt(previous));
                    first = false;
                }
                previous = (p << PageShift) + i;
            }
        }
        if (previous >= 0) RecordValueWithCount(ValueAtIndex(previous), other.CountAt(previous));
    }

    /// <summary>
    /// The non-empty buckets in ascending order, as (value, count) with each bucket's highest equivalent value: the
    /// value HdrHistogram's <c>RecordedValues()</c> reports, so <see cref="SparseHistogram"/> names buckets the same way.
    /// </summary>
    public void CopyBuckets(List<long> values, List<long> counts)
    {
        for (var p = 0; p < _pages.Length; p++)
        {
            if (_pages[p] is not { } page) continue;
            for (var i = 0; i < PageSize; i++)
            {
                if (page[i] == 0) continue;
                values.Add(HighestValueAtIndex((p << PageShift) + i));
                counts.Add(page[i]);
            }
        }
    }

    private long CountAt(int index) => _pages[index >> PageShift] is { } page ? page[index & PageMask] : 0;

    /// <summary>The page holding <paramref name="index"/>, allocated on first use.</summary>
    private long[] PageOf(int index) => _pages[index >> PageShift] ??= new long[PageSize];

    /// <summary>The lowest value of a bucket (HdrHistogram's valueFromIndex, unit magnitude 0: the shape's lowest value is 1).</summary>
    private long ValueAtIndex(int index)
    {
        var bucketIndex = (index >> _subBucketHalfCountMagnitude) - 1;
        var subBucketIndex = (index & (_subBucketHalfCount - 1)) + _subBucketHalfCount;
        if (bucketIndex < 0)
        {
            subBucketIndex -= _subBucketHalfCount;
            bucketIndex = 0;
        }
        return (long)subBucketIndex << bucketIndex;
    }

    /// <summary>The highest value of a bucket: its lowest plus its width, 2^(bucket index) at unit magnitude 0.</summary>
    private long HighestValueAtIndex(int index)
    {
        var bucketIndex = Math.Max(0, (index >> _subBucketHalfCountMagnitude) - 1);
        return ValueAtIndex(index) + (1L << bucketIndex) - 1;
    }

    protected override long GetCountAtIndex(int index) => CountAt(index);

    protected override void SetCountAtIndex(int index, long value)
    {
        if (value == 0 && _pages[index >> PageShift] is null) return;
        PageOf(index)[index & PageMask] = value;
    }

    protected override void IncrementCountAtIndex(int index)
    {
        PageOf(index)[index & PageMask]++;
        TotalCount++; // as in LongHistogram: the base class counts through these two
    }

    protected override void AddToCountAtIndex(int index, long value)
    {
        if (value == 0) return;
        PageOf(index)[index & PageMask] += value;
        TotalCount += value;
    }

    /// <summary>Clears the pages in use and keeps them for the next recording.</summary>
    protected override void ClearCounts()
    {
        foreach (var page in _pages)
            if (page is not null) Array.Clear(page);
        TotalCount = 0;
    }

    protected override void CopyCountsInto(long[] target)
    {
        Array.Clear(target);
        for (var p = 0; p < _pages.Length; p++)
        {
            if (_pages[p] is not { } page) continue;
            var from = p << PageShift;
            if (from >= target.Length) break;
            Array.Copy(page, 0, target, from, Math.Min(PageSize, Math.Min(_length, target.Length) - from));
        }
    }
}
