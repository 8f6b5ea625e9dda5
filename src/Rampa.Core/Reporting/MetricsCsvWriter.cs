using System.Globalization;
using System.Text;
using Rampa.Core.Metrics;

namespace Rampa.Core.Reporting;

/// <summary>
/// Writes metrics.csv: one row per series per second in which it had data, in time order (then metric, then tags), so
/// a spreadsheet or pandas reads the run as a table. Columns: <c>time</c> (UTC second, ISO 8601), <c>t</c> (seconds since
/// the run's start second), <c>metric</c>, <c>type</c>, one column per tag name used anywhere in the run (empty when a
/// series lacks it; a tag name equal to a fixed column is prefixed <c>tag_</c>), then <c>count</c>, <c>rate</c>,
/// <c>min</c>, <c>avg</c>, <c>p50</c>, <c>p90</c>, <c>p95</c>, <c>p99</c>, <c>max</c>, <c>value</c>.
/// <para>
/// By type: Counter: count (the second's sum: requests, bytes...) and rate (per second); Rate: count (samples), rate
/// (share of non-zero samples); Trend: count (samples), rate (samples per second) and the statistics (milliseconds for
/// time metrics); Gauge: value. Columns that do not apply stay empty. Counter counts of all seconds add up to the totals
/// of summary.json. Rows are written as they are produced: memory does not grow with the file.
/// </para>
/// </summary>
public static class MetricsCsvWriter
{
    private static readonly string[] Before = ["time", "t", "metric", "type"];
    private static readonly string[] After = ["count", "rate", "min", "avg", "p50", "p90", "p95", "p99", "max", "value"];

    public static void Write(RunReport report, Stream output)
    {
        using var w = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\n" };
        var series = report.TimeSeries.Series.Where(s => s.Value.Count > 0)
            .OrderBy(s => s.Key.Metric.Name, StringComparer.Ordinal)
            .ThenBy(s => s.Key.Canonical, StringComparer.Ordinal)
            .ThenBy(s => s.Key.Metric.Type)
            .ToList();
        var tagNames = series.SelectMany(s => s.Key.Tags.Select(t => t.Key)).Distinct().Order(StringComparer.Ordinal).ToList();
        var fixedNames = Before.Concat(After).ToHashSet(StringComparer.Ordinal);
        w.WriteLine(string.Join(',', Before.Concat(tagNames.Select(t => Cell(fixedNames.Contains(t) ? "tag_" + t : t))).Concat(After)));

        var start = report.StartUtc.ToUnixTimeSeconds();
        var next = new int[series.Count];
        var cells = new string[Before.Length + tagNames.Count + After.Length];
        // A merge of the series' sorted points: each second, every series with a point there, in series order.
        while (true)
        {
            long second = long.MaxValue;
            for (var i = 0; i < series.Count; i++)
                if (next[i] < series[i].Value.Count) second = Math.Min(second, series[i].Value[next[i]].Second);
            if (second == long.MaxValue) break;
            var time = DateTimeOffset.FromUnixTimeSeconds(second).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            for (var i = 0; i < series.Count; i++)
            {
                var (key, points) = series[i];
                if (next[i] >= points.Count || points[next[i]].Second != second) continue;
                var p = points[next[i]++];
                Array.Fill(cells, "");
                cells[0] = time;
                cells[1] = (second - start).ToString(CultureInfo.InvariantCulture);
                cells[2] = Cell(key.Metric.Name);
                cells[3] = key.Metric.Type.ToString().ToLowerInvariant();
                foreach (var (k, v) in key.Tags) cells[Before.Length + tagNames.IndexOf(k)] = Cell(v);
                FillValues(cells.AsSpan(Before.Length + tagNames.Count), p, key.Metric);
                w.WriteLine(string.Join(',', cells));
            }
        }
    }

    private static void FillValues(Span<string> c, SeriesPoint p, MetricDefinition def)
    {
        var perSecond = 1.0 / MetricTimeSeries.IntervalSeconds;
        switch (def.Type)
        {
            case MetricType.Counter:
                c[0] = Number(p.Sum);
                c[1] = Number(p.Sum * perSecond);
                break;
            case MetricType.Rate:
                c[0] = Number(p.Count);
                c[1] = Number(p.Count == 0 ? 0 : (double)p.NonZero / p.Count);
                break;
            case MetricType.Gauge:
                c[9] = Number(p.Value);
                break;
            case MetricType.Trend:
                var scale = def.Unit == MetricUnit.Time ? 1000.0 : 1.0;
                c[0] = Number(p.Count);
                c[1] = Number(p.Count * perSecond);
                c[2] = Number(p.Min / scale);
                c[3] = Number(p.Mean / scale);
                c[4] = Number(p.Percentile(50) / scale);
                c[5] = Number(p.Percentile(90) / scale);
                c[6] = Number(p.Percentile(95) / scale);
                c[7] = Number(p.Percentile(99) / scale);
                c[8] = Number(p.Max / scale);
                break;
        }
    }

    /// <summary>Six decimals (nanoseconds for times in ms): what a table needs, and stable when re-rendered from summary.json.</summary>
    private static string Number(double v) => Math.Round(v, 6).ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled.</summary>
    internal static string Cell(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}
