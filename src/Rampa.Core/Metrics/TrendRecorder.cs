using System.Numerics;
using HdrHistogram;

namespace Rampa.Core.Metrics;

/// <summary>
/// The histogram of a Trend: an HdrHistogram of the <see cref="TrendHistogram"/> shape (it is a <see cref="HistogramBase"/>,
/// so percentiles, <c>Add</c> and the standard V2 encoding are HdrHistogram's own) that keeps its counts in pages and
/// knows which buckets are non-empty.
/// <para>
/// Why: the shape has 23,552 buckets, 185 KiB of counts in one array, and a second of a run uses a few hundred of them.
/// Here the counts live in pages of 256 buckets (2 KiB; a page covers a quarter of a power of two of the recorded values,
/// so latencies between 0.1 and 10 ms touch at most 20 pages, a narrow distribution two or three), allocated on first
/// use: no recorder ever takes a large-object-heap array
/// (those are what trigger the blocking full collections that pause every thread, the pacer's included), and reading the
/// buckets out (<see cref="CopyBuckets"/>), adding one recorder into another (<see cref="Add"/>) and clearing
/// (<see cref="HistogramBase.Reset"/>) walk only the buckets used: the once-a-second flush of every silo does all three
/// for every Trend series, and walking the full arrays made it a burst of tens of milliseconds on the generator's core.
/// </para>
/// Recording costs what it costs in <see cref="LongHistogram"/> plus a page lookup and one test for a bucket's first count.
/// Not thread-safe.
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
    private int[] _used = new int[16];
    private int _usedCount;
    private bool _usedSorted = true;

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
            Compact();
            return _usedCount;
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

    /// <summary>Adds another histogram's counts (a recorder: only its used buckets are visited).</summary>
    public override void Add(HistogramBase fromHistogram)
    {
        if (fromHistogram is not TrendRecorder other)
        {
            base.Add(fromHistogram);
            return;
        }
        for (var i = 0; i < other._usedCount; i++)
        {
            var index = other._used[i];
            var count = other.CountAt(index);
            // Recording the bucket's lowest value lands in the same bucket, and keeps min, max and total right.
            if (count != 0) RecordValueWithCount(ValueAtIndex(index), count);
        }
    }

    /// <summary>
    /// The non-empty buckets in ascending order, as (value, count) with each bucket's highest equivalent value: the
    /// value HdrHistogram's <c>RecordedValues()</c> reports, so <see cref="SparseHistogram"/> names buckets the same way.
    /// </summary>
    public void CopyBuckets(List<long> values, List<long> counts)
    {
        Compact();
        for (var i = 0; i < _usedCount; i++)
        {
            var index = _used[i];
            var low = ValueAtIndex(index);
            values.Add(low + SizeOfEquivalentValueRange(low) - 1);
            counts.Add(CountAt(index));
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

    private void Track(int index)
    {
        if (_usedCount == _used.Length) Array.Resize(ref _used, _used.Length * 2);
        if (_usedCount > 0 && _used[_usedCount - 1] > index) _usedSorted = false;
        _used[_usedCount++] = index;
    }

    /// <summary>Sorts the used list and drops buckets that went back to zero (and their duplicates).</summary>
    private void Compact()
    {
        if (!_usedSorted)
        {
            Array.Sort(_used, 0, _usedCount);
            _usedSorted = true;
        }
        var kept = 0;
        for (var i = 0; i < _usedCount; i++)
        {
            var index = _used[i];
            if (CountAt(index) == 0 || (kept > 0 && _used[kept - 1] == index)) continue;
            _used[kept++] = index;
        }
        _usedCount = kept;
    }

    protected override long GetCountAtIndex(int index) => CountAt(index);

    protected override void SetCountAtIndex(int index, long value)
    {
        if (value == 0 && _pages[index >> PageShift] is null) return;
        var page = PageOf(index);
        if (page[index & PageMask] == 0 && value != 0) Track(index);
        page[index & PageMask] = value;
    }

    protected override void IncrementCountAtIndex(int index)
    {
        if (PageOf(index)[index & PageMask]++ == 0) Track(index);
        TotalCount++; // as in LongHistogram: the base class counts through these two
    }

    protected override void AddToCountAtIndex(int index, long value)
    {
        if (value == 0) return;
        var page = PageOf(index);
        if (page[index & PageMask] == 0) Track(index);
        page[index & PageMask] += value;
        TotalCount += value;
    }

    protected override void ClearCounts()
    {
        for (var i = 0; i < _usedCount; i++)
        {
            var index = _used[i];
            if (_pages[index >> PageShift] is { } page) page[index & PageMask] = 0;
        }
        _usedCount = 0;
        _usedSorted = true;
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
