namespace Rampa.Core.Metrics;

/// <summary>
/// A run's per-second time series: for every series key, one <see cref="SeriesPoint"/> per UTC second in which the
/// series had data, sorted by second. A point's second is the one in which the silos' flushers took the interval
/// snapshots merged into it (<see cref="MetricSnapshot.IntervalUnixSecond"/>), so it holds about the second before that
/// moment. Seconds without data have no point.
/// <para>
/// Memory grows with the run's length, one point per series per second with data: ~88 bytes per point, plus 16 bytes
/// per non-empty histogram bucket for a Trend (see <see cref="SparseHistogram"/>); never a full 185 KiB histogram.
/// </para>
/// Not thread-safe.
/// </summary>
public sealed class MetricTimeSeries
{
    /// <summary>The length of one point, in seconds: the flushers' interval.</summary>
    public const int IntervalSeconds = 1;

    private readonly Dictionary<SeriesKey, List<SeriesPoint>> _series = new();

    /// <summary>Every series with its points, sorted by second.</summary>
    public IEnumerable<KeyValuePair<SeriesKey, IReadOnlyList<SeriesPoint>>> Series =>
        _series.Select(s => new KeyValuePair<SeriesKey, IReadOnlyList<SeriesPoint>>(s.Key, s.Value));

    public IEnumerable<SeriesKey> Keys => _series.Keys;

    public int Count => _series.Count;

    public bool IsEmpty => _series.Count == 0;

    /// <summary>The points of one series, sorted by second (empty when it has none).</summary>
    public IReadOnlyList<SeriesPoint> Points(SeriesKey key) => _series.TryGetValue(key, out var points) ? points : [];

    /// <summary>The earliest second of any point, or null when there is none.</summary>
    public long? FirstSecond => _series.Values.Where(p => p.Count > 0).Select(p => (long?)p[0].Second).Min();

    /// <summary>The point of <paramref name="key"/> at <paramref name="second"/>, created (in order) when missing.</summary>
    public SeriesPoint GetOrAdd(SeriesKey key, long second)
    {
        if (!_series.TryGetValue(key, out var points)) _series[key] = points = new List<SeriesPoint>();
        // Seconds nearly always arrive in order: the newest point, or a new one after it.
        if (points.Count == 0 || points[^1].Second < second)
        {
            var added = new SeriesPoint(second);
            points.Add(added);
            return added;
        }
        if (points[^1].Second == second) return points[^1];
        int lo = 0, hi = points.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var s = points[mid].Second;
            if (s == second) return points[mid];
            if (s < second) lo = mid + 1; else hi = mid - 1;
        }
        var inserted = new SeriesPoint(second);
        points.Insert(lo, inserted);
        return inserted;
    }

    /// <summary>Adds one interval's aggregate of a Counter, Rate or Trend into its second.</summary>
    public void Add(SeriesKey key, long second, SeriesAccumulator interval)
    {
        if (key.Metric.Type == MetricType.Gauge)
            throw new InvalidOperationException("a gauge's seconds are resolved per silo by the MetricAggregator, not added");
        if (interval.Count == 0) return;
        GetOrAdd(key, second).Add(interval);
    }

    /// <summary>
    /// Adds every point of <paramref name="other"/> into this one, second by second (<see cref="SeriesPoint.Merge"/>):
    /// how the orchestrator joins the histogram grains' shards, which hold different series.
    /// </summary>
    public void Merge(MetricTimeSeries other)
    {
        foreach (var (key, points) in other._series)
            foreach (var p in points)
                GetOrAdd(key, p.Second).Merge(p);
    }

    /// <summary>
    /// Every metric's series merged over all its tag sets, second by second (keyed by the metric without tags): what
    /// charts of a whole metric show. Exact for Trends, whose seconds merge histograms, never percentiles.
    /// </summary>
    public MetricTimeSeries ByMetric()
    {
        var merged = new MetricTimeSeries();
        foreach (var (key, points) in _series)
        {
            var metricKey = new SeriesKey(key.Metric, []);
            foreach (var p in points) merged.GetOrAdd(metricKey, p.Second).Merge(p);
        }
        return merged;
    }

    /// <summary>Puts a whole series, already sorted by second (the aggregator's resolved gauges, the codec).</summary>
    internal void Set(SeriesKey key, List<SeriesPoint> sortedPoints) => _series[key] = sortedPoints;
}
