using Rampa.Core.Metrics;

namespace Rampa.Core.Reporting.Html;

/// <summary>
/// One metric's per-second points merged over all its tag sets: the charts show a metric as a whole, while the time
/// series keeps one list of points per series (per request name, status...).
/// </summary>
public static class PerSecondMerge
{
    /// <summary>
    /// Every second in which any series of <paramref name="metric"/> had data, as one fresh point per second (sorted),
    /// built with <see cref="SeriesPoint.Merge"/> so the inputs are never changed or shared.
    /// </summary>
    public static IReadOnlyList<SeriesPoint> Of(MetricTimeSeries series, string metric)
    {
        var bySecond = new SortedDictionary<long, SeriesPoint>();
        foreach (var (key, points) in series.Series)
        {
            if (key.Metric.Name != metric) continue;
            foreach (var p in points)
            {
                if (!bySecond.TryGetValue(p.Second, out var merged)) bySecond[p.Second] = merged = new SeriesPoint(p.Second);
                merged.Merge(p);
            }
        }
        return bySecond.Values.ToList();
    }
}
