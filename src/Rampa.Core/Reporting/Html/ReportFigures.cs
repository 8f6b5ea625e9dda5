using System.Globalization;
using Rampa.Core.Metrics;

namespace Rampa.Core.Reporting.Html;

/// <summary>One key figure card: its <c>data-figure</c> id, label, formatted value and a smaller detail line.</summary>
public sealed record Figure(string Id, string Label, string Value, string? Detail, bool Warn = false);

/// <summary>
/// The key figures at the top of the report, read from the run totals exactly as the text summary and summary.json
/// read them (<see cref="MetricValues"/>), so the numbers agree across artifacts.
/// </summary>
public static class ReportFigures
{
    public const string None = "—";

    public static IReadOnlyList<Figure> Build(RunReport report)
    {
        var m = report.Metrics;
        var d = report.Duration;
        var figures = new List<Figure>();

        var reqs = m.Total(BuiltinMetrics.HttpReqs.Name);
        figures.Add(new("requests", "Requests", reqs is null ? None : Count(reqs.Sum), reqs is null ? null : "HTTP requests sent"));
        figures.Add(new("rps", "Throughput", reqs is null ? None : MetricValues.FormatRateShort(MetricValues.PerSecond(reqs.Sum, d)) + " req/s",
            reqs is null ? null : "over " + DurationText(d)));

        var failed = m.Total(BuiltinMetrics.HttpReqFailed.Name);
        figures.Add(failed is null || failed.Count == 0
            ? new("failed", "Failed requests", None, null)
            : new("failed", "Failed requests", Percent(failed.NonZero, failed.Count), $"{Count(failed.NonZero)} of {Count(failed.Count)}", failed.NonZero > 0));

        var duration = m.Total(BuiltinMetrics.HttpReqDuration.Name);
        var unit = m.OfMetric(BuiltinMetrics.HttpReqDuration.Name).FirstOrDefault().Key?.Metric.Unit ?? MetricUnit.Time;
        // Requests that got no response record a zero duration: "0µs" would read as instant, so say what happened.
        var noResponses = ReportCharts.NoResponses(report) is not null;
        figures.Add(noResponses ? new("p95", "p95 response time", None, "no responses") : TrendFigure("p95", "p95 response time", duration, unit, "p(95)", "avg"));
        figures.Add(noResponses ? new("p99", "p99 response time", None, "no responses") : TrendFigure("p99", "p99 response time", duration, unit, "p(99)", "max"));

        var iterations = m.Total(BuiltinMetrics.Iterations.Name);
        figures.Add(new("iterations", "Iterations", iterations is null ? None : Count(iterations.Sum),
            iterations is null ? null : MetricValues.FormatRateShort(MetricValues.PerSecond(iterations.Sum, d)) + " /s"));
        var dropped = m.Total(BuiltinMetrics.DroppedIterations.Name);
        figures.Add(new("dropped", "Dropped iterations", Count(dropped?.Sum ?? 0), "not started in time", dropped?.Sum > 0));

        // vus_max is the capacity the run allocated; without it fall back to the highest vus value seen.
        var vusMax = m.Total(BuiltinMetrics.VusMax.Name) is { Count: > 0 } vm ? vm : m.Total(BuiltinMetrics.Vus.Name);
        figures.Add(new("vus-max", "Max VUs", vusMax is { Count: > 0 } ? Count(vusMax.Max) : None, "virtual users"));

        figures.Add(DataFigure("data-received", "Data received", m.Total(BuiltinMetrics.DataReceived.Name), d));
        figures.Add(DataFigure("data-sent", "Data sent", m.Total(BuiltinMetrics.DataSent.Name), d));
        return figures;
    }

    private static Figure TrendFigure(string id, string label, SeriesAccumulator? acc, MetricUnit unit, string stat, string detailStat)
    {
        if (acc is null || acc.Count == 0) return new(id, label, None, null);
        return new(id, label, TrendValue(acc, unit, stat), $"{detailStat} {TrendValue(acc, unit, detailStat)}");
    }

    /// <summary>A trend statistic formatted as the text summary shows it (FormatMs for time metrics).</summary>
    public static string TrendValue(SeriesAccumulator acc, MetricUnit unit, string stat)
    {
        var v = MetricValues.TrendStat(acc, unit, stat) ?? 0;
        return unit == MetricUnit.Time ? MetricValues.FormatMs(v) : MetricValues.FormatNumber(v);
    }

    private static Figure DataFigure(string id, string label, SeriesAccumulator? acc, TimeSpan d) =>
        acc is null
            ? new(id, label, None, null)
            : new(id, label, MetricValues.FormatBytes(acc.Sum), MetricValues.FormatBytes(MetricValues.PerSecond(acc.Sum, d)) + "/s");

    /// <summary>A run's length as the text summary shows it, with a plain "0s" for a run that never started.</summary>
    public static string DurationText(TimeSpan d) => d <= TimeSpan.Zero ? "0s" : MetricValues.FormatMs(d.TotalMilliseconds);

    /// <summary>A whole count with thousands separators: 12,345.</summary>
    public static string Count(double v) => Math.Round(v).ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A share as the text summary shows it: 12.34%.</summary>
    public static string Percent(long part, long total) =>
        (total == 0 ? 0 : 100.0 * part / total).ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
