using Rampa.Core.Metrics;

namespace Rampa.Core.Reporting.Html;

/// <summary>
/// The response-time chart's per-request views: p50/p90/p95/p99 per second of each request name, and of each name and
/// method where a name was sent with several methods. A view's seconds are merged from histograms over its tag sets
/// (status, expected_response, ...), never averaged from percentiles.
/// </summary>
public static class ReportLatencyViews
{
    public static IReadOnlyList<ChartView> Build(RunReport report, double scale, long start)
    {
        var series = report.TimeSeries.Series
            .Where(s => s.Key.Metric.Name == BuiltinMetrics.HttpReqDuration.Name && s.Key.Tag("name") is not null)
            .ToList();
        var views = new List<ChartView>();
        foreach (var byName in series.GroupBy(s => s.Key.Tag("name")!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (Merge(byName.ToList()) is { } points) views.Add(new ChartView(byName.Key, ReportCharts.PercentileSeries(points, scale, start)));
            var byMethod = byName.GroupBy(s => s.Key.Tag("method") ?? "").Where(g => g.Key != "").OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            if (byMethod.Count < 2) continue;
            foreach (var method in byMethod)
                if (Merge(method.ToList()) is { } mp) views.Add(new ChartView($"{byName.Key} · {method.Key}", ReportCharts.PercentileSeries(mp, scale, start)));
        }
        return views;
    }

    /// <summary>
    /// The seconds of several series merged into one; null when that cannot be exact: points read back from
    /// summary.json keep percentiles, not histograms, so only a lone series is shown as it is.
    /// </summary>
    private static IReadOnlyList<SeriesPoint>? Merge(IReadOnlyList<KeyValuePair<SeriesKey, IReadOnlyList<SeriesPoint>>> series)
    {
        if (series.Count == 1) return series[0].Value;
        if (series.Any(s => s.Value.Any(p => p.HasStoredPercentiles))) return null;
        var bySecond = new SortedDictionary<long, SeriesPoint>();
        foreach (var (_, points) in series)
            foreach (var p in points)
            {
                if (!bySecond.TryGetValue(p.Second, out var merged)) bySecond[p.Second] = merged = new SeriesPoint(p.Second);
                merged.Merge(p);
            }
        return [.. bySecond.Values];
    }
}
