namespace Rampa.Core.Metrics;

/// <summary>
/// One second of one series, merged over the silos: a point of the run's per-second time series
/// (<see cref="MetricTimeSeries"/>). Counter: <see cref="Sum"/>. Rate: <see cref="Count"/> samples of which
/// <see cref="NonZero"/> were non-zero. Gauge: <see cref="Value"/>, the sum over silos of each silo's value in that
/// second. Trend: count, exact sum/min/max and a <see cref="SparseHistogram"/> for percentiles.
/// <para>
/// Memory: about 88 bytes (the object and its slot in the series' list); a Trend adds its sparse histogram (16 bytes per
/// non-empty bucket + ~80). Points exist only for seconds in which the series had data.
/// </para>
/// Not thread-safe.
/// </summary>
public sealed class SeriesPoint
{
    public SeriesPoint(long second) => Second = second;

    /// <summary>The UTC second (Unix seconds) of the interval snapshots merged into this point.</summary>
    public long Second { get; }
    public long Count { get; private set; }
    public double Sum { get; private set; }
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;
    public long NonZero { get; private set; }
    /// <summary>A gauge's value in this second: the sum over silos of each silo's value (see <see cref="MetricAggregator"/>).</summary>
    public double Value { get; private set; }
    public SparseHistogram? Histogram { get; private set; }

    /// <summary>The percentiles a point read back from summary.json keeps (it has no histogram).</summary>
    public static readonly double[] StoredPercentiles = [50, 90, 95, 99];

    /// <summary>For a point read back from summary.json: its <see cref="StoredPercentiles"/>, in stored units.</summary>
    private double[]? _stored;

    /// <summary>True for a point read back from summary.json: percentiles only at <see cref="StoredPercentiles"/>.</summary>
    public bool HasStoredPercentiles => _stored is not null;

    /// <summary>Adds one interval's aggregate of a Counter, Rate or Trend (histograms by adding bucket counts).</summary>
    public void Add(SeriesAccumulator interval)
    {
        if (interval.Count == 0) return;
        Count += interval.Count;
        Sum += interval.Sum;
        Min = Math.Min(Min, interval.Min);
        Max = Math.Max(Max, interval.Max);
        NonZero += interval.NonZero;
        if (SparseHistogram.From(interval.Histogram) is { } h)
        {
            if (Histogram is null) Histogram = h; // a fresh one: kept as it is
            else Histogram.Add(h);
        }
    }

    /// <summary>
    /// Adds another point of the same second. Gauge values add up too: the two points must hold different silos (or,
    /// as in the orchestrator's merge of shards, different series), so the sum over silos stays a sum over silos.
    /// </summary>
    public void Merge(SeriesPoint other)
    {
        if (other.Count == 0) return;
        if (_stored is not null || other._stored is not null)
            throw new InvalidOperationException("points read back from summary.json keep percentiles, not histograms: they do not merge (read the per-metric series instead)");
        Count += other.Count;
        Sum += other.Sum;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
        NonZero += other.NonZero;
        Value += other.Value;
        if (other.Histogram is { } h)
        {
            if (Histogram is null) Histogram = h.Clone(); // never shared with the other point
            else Histogram.Add(h);
        }
    }

    /// <summary>Sets a gauge point: <paramref name="value"/> summed over silos, from <paramref name="samples"/> silo samples.</summary>
    internal void SetGauge(double value, long samples)
    {
        Count = samples;
        Value = value;
        Sum = value;
        Min = value;
        Max = value;
    }

    /// <summary>Restores a point read back from summary.json: its figures and <see cref="StoredPercentiles"/>.</summary>
    internal void RestoreStored(long count, double sum, double min, double max, long nonZero, double value, double[]? percentiles)
    {
        Count = count; Sum = sum; Min = min; Max = max; NonZero = nonZero; Value = value; Histogram = null;
        if (percentiles is not null && percentiles.Length != StoredPercentiles.Length)
            throw new ArgumentException($"expected {StoredPercentiles.Length} percentiles", nameof(percentiles));
        _stored = percentiles;
    }

    /// <summary>Restores a decoded state (used by the snapshot codec).</summary>
    internal void Restore(long count, double sum, double min, double max, long nonZero, double value, SparseHistogram? histogram)
    {
        Count = count; Sum = sum; Min = min; Max = max; NonZero = nonZero; Value = value; Histogram = histogram;
    }

    public double Mean => Count == 0 ? 0 : Sum / Count;

    /// <summary>
    /// The value at percentile <paramref name="p"/> (0..100) from this second's merged histogram, as
    /// <see cref="SeriesAccumulator.Percentile"/> reads a full one: 0 when empty, the exact min/max at 0/100, and never
    /// beyond the exact max.
    /// </summary>
    public double Percentile(double p)
    {
        if (_stored is not null && Count > 0)
        {
            var i = Array.IndexOf(StoredPercentiles, p);
            if (i >= 0) return _stored[i];
            if (p <= 0) return Min;
            if (p >= 100) return Max;
            throw new InvalidOperationException($"a point read back from summary.json has no p({p}); it keeps p50, p90, p95 and p99");
        }
        if (Histogram is null || Histogram.TotalCount == 0) return 0;
        if (p <= 0) return Min;
        if (p >= 100) return Max;
        return Math.Min(Histogram.ValueAtPercentile(p), Max);
    }
}
