using HdrHistogram;
using HdrHistogram.Encoding;
using HdrHistogram.Utilities;
using Rampa.Core.Metrics;

namespace Rampa.Core.Tests.Metrics;

/// <summary>The recorder must be an HdrHistogram of the Trend shape in every observable way, only faster to read out.</summary>
public class TrendRecorderTests
{
    private static readonly double[] Percentiles = [0, 0.1, 1, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100];

    /// <summary>Latencies over the whole range: 0, single microseconds, milliseconds, seconds, the clamp at one hour.</summary>
    private static long[] Values(int seed, int n)
    {
        var random = new Random(seed);
        var values = new long[n];
        for (var i = 0; i < n; i++)
        {
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            values[i] = TrendHistogram.Clamp(Math.Exp(Math.Log(5_000) + 2.5 * gaussian));
        }
        values[0] = 0;
        values[1] = 1;
        values[2] = TrendHistogram.Highest;
        return values;
    }

    private static (TrendRecorder Recorder, LongHistogram Reference) Both(long[] values)
    {
        var recorder = new TrendRecorder();
        var reference = new LongHistogram(TrendHistogram.Lowest, TrendHistogram.Highest, TrendHistogram.SignificantDigits);
        foreach (var v in values)
        {
            recorder.RecordValue(v);
            reference.RecordValue(v);
        }
        return (recorder, reference);
    }

    private static void AssertSame(HistogramBase expected, TrendRecorder actual)
    {
        Assert.Equal(expected.TotalCount, actual.TotalCount);
        Assert.Equal(expected.GetMaxValue(), actual.GetMaxValue());
        foreach (var p in Percentiles) Assert.Equal(expected.GetValueAtPercentile(p), actual.GetValueAtPercentile(p));
        var values = new List<long>();
        var counts = new List<long>();
        actual.CopyBuckets(values, counts);
        Assert.Equal(expected.RecordedValues().Select(v => v.ValueIteratedTo), values);
        Assert.Equal(expected.RecordedValues().Select(v => v.CountAtValueIteratedTo), counts);
        Assert.Equal(values.Count, actual.UsedBuckets);
    }

    [Fact]
    public void Records_like_an_HdrHistogram_of_the_trend_shape_and_lists_its_buckets_in_order()
    {
        var (recorder, reference) = Both(Values(1, 30_000));
        AssertSame(reference, recorder);
        Assert.Equal(reference.GetMean(), recorder.GetMean(), 6);
    }

    [Fact]
    public void Encodes_to_the_same_V2_bytes_as_HdrHistogram()
    {
        var (recorder, reference) = Both(Values(2, 5_000));
        Assert.Equal(Encode(reference), Encode(recorder));
        Assert.Equal(TrendHistogramEncoding.ToBase64(reference), TrendHistogramEncoding.ToBase64(recorder));
    }

    private static byte[] Encode(HistogramBase h)
    {
        var buffer = ByteBuffer.Allocate(h.GetNeededByteBufferCapacity());
        var length = h.Encode(buffer, HistogramEncoderV2.Instance);
        buffer.Position = 0;
        return Enumerable.Range(0, length).Select(_ => buffer.Get()).ToArray();
    }

    [Fact]
    public void Adding_recorders_and_plain_histograms_is_HdrHistogram_Add()
    {
        var (a, refA) = Both(Values(3, 4_000));
        var (b, refB) = Both(Values(4, 6_000));
        var plain = new LongHistogram(TrendHistogram.Lowest, TrendHistogram.Highest, TrendHistogram.SignificantDigits);
        foreach (var v in Values(5, 1_000)) plain.RecordValue(v);

        a.Add(b);       // the fast path: only b's used buckets
        a.Add(plain);   // HdrHistogram's own Add, through this recorder's count setters
        refA.Add(refB);
        refA.Add(plain);
        AssertSame(refA, a);
        var copy = (TrendRecorder)a.Copy();
        AssertSame(refA, copy);
    }

    [Fact]
    public void A_bucket_emptied_and_used_again_counts_once()
    {
        var recorder = new TrendRecorder();
        var plain = new LongHistogram(TrendHistogram.Lowest, TrendHistogram.Highest, TrendHistogram.SignificantDigits);
        plain.RecordValue(40);
        recorder.RecordValue(40);
        recorder.Reset();
        recorder.Add(plain);   // HdrHistogram's Add sets counts bucket by bucket
        recorder.RecordValue(40);
        recorder.RecordValue(7);
        var (_, reference) = Both([40, 40, 7]);
        AssertSame(reference, recorder);
        var merged = new TrendRecorder();
        merged.Add(recorder);
        AssertSame(reference, merged);
    }

    [Fact]
    public void Reset_clears_only_what_was_used_and_the_recorder_starts_over()
    {
        var (recorder, _) = Both(Values(6, 2_000));
        recorder.Reset();
        Assert.Equal(0, recorder.TotalCount);
        Assert.Equal(0, recorder.UsedBuckets);
        var (_, reference) = Both([10, 20, 20, 3_000]);
        foreach (var v in new long[] { 10, 20, 20, 3_000 }) recorder.RecordValue(v);
        AssertSame(reference, recorder);
    }

    [Fact]
    public void Counts_live_in_pages_of_the_buckets_used_so_no_recorder_is_a_large_object()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var recorder = new TrendRecorder();
        foreach (var v in new long[] { 150, 900, 1_500, 4_000, 9_000 }) recorder.RecordValue(v); // 0.15..9 ms: five pages
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 60_000, $"a recorder of five pages allocated {allocated} bytes");
        var (_, reference) = Both([150, 900, 1_500, 4_000, 9_000]);
        AssertSame(reference, recorder);
    }

    [Fact]
    public void The_snapshot_codec_round_trips_through_recorders_exactly()
    {
        var acc = new SeriesAccumulator(MetricType.Trend);
        foreach (var v in Values(20, 10_000)) acc.Add(v);
        var snapshot = new MetricSnapshot();
        var key = new SeriesKey(BuiltinMetrics.HttpReqDuration, [new("name", "a")]);
        snapshot.Set(key, acc);
        var decoded = MetricSnapshotCodec.Decode(MetricSnapshotCodec.Encode(snapshot));
        var back = decoded.Series[key].Histogram!;
        AssertSame(acc.Histogram!, back);
        Assert.Equal(acc.Count, decoded.Series[key].Count);
    }
}
