using Rampa.Core.Metrics;

namespace Rampa.Core.Reporting.Html;

/// <summary>One line of a chart: <c>[t, value]</c> pairs, t in seconds since the run's start; a gap in t breaks it.</summary>
public sealed record ChartSeries(string Name, string Axis, IReadOnlyList<double[]> Points);

/// <summary>
/// One chart as report.js draws it. <c>Unit</c> (and <c>RightUnit</c> for a second axis) tells the script how to
/// format ticks: <c>count</c>, <c>rate</c> (per second), <c>ms</c>, <c>vus</c> or <c>percent</c>. <c>Scale</c> is the
/// left axis' first scale, <c>linear</c> or <c>log</c>; a chart with a log scale gets a linear/log toggle.
/// <c>Views</c> are other series the same chart can show instead (one request name each), picked from a selector.
/// <c>EmptyText</c> is what the chart says when it has nothing to draw.
/// </summary>
public sealed record Chart(string Id, string Title, string Description, string Unit, string? RightUnit, IReadOnlyList<ChartSeries> Series,
    string Scale = "linear", IReadOnlyList<ChartView>? Views = null, string EmptyText = ReportCharts.NoData)
{
    public bool HasData => Series.Any(s => s.Points.Count > 0);
}

/// <summary>One selectable view of a chart: the series of one request name (or one name and method).</summary>
public sealed record ChartView(string Label, IReadOnlyList<ChartSeries> Series);

/// <summary>
/// The report's charts, built from the per-second time series. Values are read only through the members of
/// <see cref="SeriesPoint"/> that every stored point keeps (count, sum, mean, min, max, non-zero, value and the
/// p50/p90/p95/p99 percentiles), and converted the way summary.json converts them (µs → ms for time metrics).
/// </summary>
public static class ReportCharts
{
    public const string NoData = "No data for this run";

    /// <summary>The percentiles the response-time charts draw, in this order.</summary>
    public static readonly int[] Percentiles = [50, 90, 95, 99];

    public static IReadOnlyList<Chart> Build(RunReport report)
    {
        var ts = report.TimeSeries;
        var start = report.StartUtc.ToUnixTimeSeconds();
        // Counters are zero in a second without a point; fill those over the seconds the run has data for, so a
        // quiet second shows as 0 instead of a line jumping over it.
        var seconds = ts.Series.SelectMany(s => s.Value).Select(p => p.Second).ToList();
        var first = seconds.Count > 0 ? seconds.Min() : 0;
        var last = seconds.Count > 0 ? seconds.Max() : -1;

        // A metric as a whole: its seconds merged over tag sets from histograms (computed, or as summary.json kept them).
        var byMetric = report.TimeSeriesByMetric;
        IReadOnlyList<SeriesPoint> Merged(string metric) =>
            byMetric.Keys.FirstOrDefault(k => k.Metric.Name == metric) is { } key ? byMetric.Points(key) : [];
        List<double[]> Filled(IReadOnlyList<SeriesPoint> points, Func<SeriesPoint, double> value)
        {
            if (points.Count == 0) return [];
            var at = points.ToDictionary(p => p.Second);
            var list = new List<double[]>();
            for (var s = first; s <= last; s++) list.Add([s - start, at.TryGetValue(s, out var p) ? value(p) : 0]);
            return list;
        }
        List<double[]> Sparse(IReadOnlyList<SeriesPoint> points, Func<SeriesPoint, double> value) =>
            points.Select(p => new[] { p.Second - start, value(p) }).ToList();

        var reqs = Merged(BuiltinMetrics.HttpReqs.Name);
        var duration = Merged(BuiltinMetrics.HttpReqDuration.Name);
        var durationScale = UnitScale(ts, BuiltinMetrics.HttpReqDuration.Name);
        var failed = Merged(BuiltinMetrics.HttpReqFailed.Name);
        var dropped = Merged(BuiltinMetrics.DroppedIterations.Name);
        var noResponses = NoResponses(report);

        return
        [
            new Chart("requests", "Request rate", "HTTP requests per second, all requests", "rate", null,
                [new ChartSeries("requests/s", "left", Filled(reqs, p => p.Sum / MetricTimeSeries.IntervalSeconds))]),
            new Chart("duration", "Response time", "http_req_duration percentiles per second", "ms", null,
                PercentileSeries(noResponses is null ? duration : [], durationScale, start), Scale: "log",
                Views: noResponses is null ? ReportLatencyViews.Build(report, durationScale, start) : null,
                EmptyText: noResponses ?? NoData),
            new Chart("vus", "Virtual users", "vus and vus_max, per second", "vus", null,
            [
                new ChartSeries("vus", "left", Sparse(Merged(BuiltinMetrics.Vus.Name), p => p.Value)),
                new ChartSeries("vus_max", "left", Sparse(Merged(BuiltinMetrics.VusMax.Name), p => p.Value)),
            ]),
            new Chart("errors", "Errors", "http_req_failed: failed requests per second and the failed share", "rate", "percent",
            [
                new ChartSeries("failed/s", "left", Filled(failed, p => p.NonZero / (double)MetricTimeSeries.IntervalSeconds)),
                new ChartSeries("failed %", "right", Sparse(failed.Where(p => p.Count > 0).ToList(), p => 100.0 * p.NonZero / p.Count)),
            ]),
            new Chart("dropped", "Dropped iterations", "dropped_iterations per second", "rate", null,
                [new ChartSeries("dropped/s", "left", Filled(dropped, p => p.Sum / MetricTimeSeries.IntervalSeconds))]),
        ];
    }

    /// <summary>p50, p90, p95 and p99 of each second with samples, as <c>[t, ms]</c>.</summary>
    internal static IReadOnlyList<ChartSeries> PercentileSeries(IReadOnlyList<SeriesPoint> points, double scale, long start) =>
        [.. Percentiles.Select(pc => new ChartSeries($"p{pc}", "left",
            points.Where(p => p.Count > 0).Select(p => new[] { p.Second - start, p.Percentile(pc) / scale }).ToList()))];

    /// <summary>
    /// The note of a run whose requests all failed before any response (k6's status 0: refused, reset, timed out):
    /// their durations are zeros, and a flat line at zero would read as "instant".
    /// </summary>
    public static string? NoResponses(RunReport report)
    {
        var reqs = report.Metrics.OfMetric(BuiltinMetrics.HttpReqs.Name).ToList();
        var total = reqs.Sum(s => s.Value.Sum);
        if (total == 0 || reqs.Any(s => s.Key.Tag("status") != "0" && s.Value.Sum > 0)) return null;
        return $"No responses: all {ReportFigures.Count(total)} requests failed before a response came (status 0)";
    }

    /// <summary>Histograms of time metrics hold microseconds; the report shows milliseconds (as summary.json).</summary>
    private static double UnitScale(MetricTimeSeries ts, string metric) =>
        ts.Keys.FirstOrDefault(k => k.Metric.Name == metric)?.Metric.Unit == MetricUnit.Time ? 1000.0 : 1.0;
}
