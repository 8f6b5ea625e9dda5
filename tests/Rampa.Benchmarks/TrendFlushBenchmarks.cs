using BenchmarkDotNet.Attributes;
using HdrHistogram;
using Rampa.Core.Metrics;

namespace Rampa.Benchmarks;

/// <summary>
/// The Trend part of a silo's once-a-second flush, with HdrHistogram's dense <see cref="LongHistogram"/> (what Rampa
/// used before) and with <see cref="TrendRecorder"/>: the recorders of several threads merged into one per series,
/// its buckets read out (what the snapshot codec writes), and the threads' recorders cleared for the next second.
/// One second of 5,000 requests: ten Trend series, latencies of 50 us to 5 ms, spread over eight recording threads.
/// </summary>
[MemoryDiagnoser]
public class TrendFlushBenchmarks
{
    private const int Series = 10;
    private const int Threads = 8;
    private const int SamplesPerSeries = 5_000;
    private long[][] _samples = null!;
    private LongHistogram[,] _dense = null!;
    private TrendRecorder[,] _paged = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(11);
        _samples = Enumerable.Range(0, Series)
            .Select(_ => Enumerable.Range(0, SamplesPerSeries).Select(_ => (long)(50 + random.Next(4950))).ToArray()).ToArray();
        _dense = new LongHistogram[Series, Threads];
        _paged = new TrendRecorder[Series, Threads];
        for (var s = 0; s < Series; s++)
            for (var t = 0; t < Threads; t++)
            {
                _dense[s, t] = new LongHistogram(TrendHistogram.Lowest, TrendHistogram.Highest, TrendHistogram.SignificantDigits);
                _paged[s, t] = new TrendRecorder();
            }
    }

    /// <summary>A second's recording, spread over the threads (not measured: the flush is).</summary>
    [IterationSetup]
    public void Record()
    {
        for (var s = 0; s < Series; s++)
            for (var i = 0; i < SamplesPerSeries; i++)
            {
                _dense[s, i % Threads].RecordValue(_samples[s][i]);
                _paged[s, i % Threads].RecordValue(_samples[s][i]);
            }
    }

    [Benchmark(Baseline = true, Description = "flush with LongHistogram (merge, read out, reset)")]
    public long Dense()
    {
        long buckets = 0;
        for (var s = 0; s < Series; s++)
        {
            var merged = new LongHistogram(TrendHistogram.Lowest, TrendHistogram.Highest, TrendHistogram.SignificantDigits);
            for (var t = 0; t < Threads; t++)
            {
                merged.Add(_dense[s, t]);
                _dense[s, t].Reset();
            }
            foreach (var v in merged.RecordedValues()) buckets += v.CountAtValueIteratedTo > 0 ? 1 : 0;
        }
        return buckets;
    }

    [Benchmark(Description = "flush with TrendRecorder (merge, read out, reset)")]
    public long Paged()
    {
        long buckets = 0;
        var values = new List<long>();
        var counts = new List<long>();
        for (var s = 0; s < Series; s++)
        {
            var merged = new TrendRecorder();
            for (var t = 0; t < Threads; t++)
            {
                merged.Add(_paged[s, t]);
                _paged[s, t].Reset();
            }
            values.Clear();
            counts.Clear();
            merged.CopyBuckets(values, counts);
            buckets += values.Count;
        }
        return buckets;
    }
}
