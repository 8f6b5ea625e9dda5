using HdrHistogram;

namespace Rampa.Core.Metrics;

/// <summary>
/// The running aggregate of one series: what an interval snapshot carries and what merging adds up.
/// Counter: <see cref="Sum"/>. Rate: <see cref="Count"/> samples of which <see cref="NonZero"/> were non-zero.
/// Gauge: <see cref="Last"/> (plus <see cref="Min"/>/<see cref="Max"/>). Trend: count, exact sum/min/max and an
/// HdrHistogram for percentiles (values in microseconds for time metrics).
/// Not thread-safe: each writer owns its own, and snapshots merge them.
/// </summary>
public sealed class SeriesAccumulator
{
    public SeriesAccumulator(MetricType type) => Type = type;

    public MetricType Type { get; }
    public long Count { get; private set; }
    public double Sum { get; private set; }
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;
    public long NonZero { get; private set; }
    public double Last { get; private set; }
    public TrendRecorder? Histogram { get; private set; }

    public bool IsEmpty => Count == 0;

    public void Add(double value)
    {
        Count++;
        Sum += value;
        if (value < Min) Min = value;
        if (value > Max) Max = value;
        switch (Type)
        {
            case MetricType.Rate: if (value != 0) NonZero++; break;
            case MetricType.Gauge: Last = value; break;
            case MetricType.Trend: (Histogram ??= TrendHistogram.Create()).RecordValue(TrendHistogram.Clamp(value)); break;
        }
    }

    /// <summary>Adds another accumulator of the same type (histograms by HdrHistogram <c>Add</c>, never by averaging).</summary>
    public void Merge(SeriesAccumulator other)
    {
        if (other.Type != Type) throw new InvalidOperationException($"cannot merge {other.Type} into {Type}");
        if (other.Count == 0) return;
        Count += other.Count;
        Sum += other.Sum;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
        NonZero += other.NonZero;
        Last = other.Last;
        if (other.Histogram is not null) (Histogram ??= TrendHistogram.Create()).Add(other.Histogram);
    }

    /// <summary>Restores a decoded state (used by the snapshot codec).</summary>
    internal void Restore(long count, double sum, double min, double max, long nonZero, double last, TrendRecorder? histogram)
    {
        Count = count; Sum = sum; Min = min; Max = max; NonZero = nonZero; Last = last; Histogram = histogram;
    }

    /// <summary>Sets a gauge's value across silos: the cluster value is the sum of every silo's last value.</summary>
    internal void SetGauge(double value)
    {
        Count++;
        Last = value;
        Sum = value;
        if (value < Min) Min = value;
        if (value > Max) Max = value;
    }

    public void Reset()
    {
        Count = 0; Sum = 0; Min = double.PositiveInfinity; Max = double.NegativeInfinity; NonZero = 0; Last = 0;
        Histogram?.Reset();
    }

    public double Mean => Count == 0 ? 0 : Sum / Count;

    /// <summary>The value at percentile <paramref name="p"/> (0..100) from the histogram; 0 when empty.</summary>
    public double Percentile(double p)
    {
        if (Histogram is null || Histogram.TotalCount == 0) return 0;
        if (p <= 0) return Min;
        if (p >= 100) return Max;
        // HdrHistogram reports the highest equivalent value of the bucket; never beyond the exact max.
        return Math.Min(Histogram.GetValueAtPercentile(p), Max);
    }

    public SeriesAccumulator Clone()
    {
        var c = new SeriesAccumulator(Type);
        c.Merge(this);
        if (Count == 0) return c;
        c.Last = Last;
        return c;
    }
}
