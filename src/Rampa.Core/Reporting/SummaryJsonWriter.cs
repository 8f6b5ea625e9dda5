using System.Text.Json;
using Rampa.Core.Metrics;
using Rampa.Core.Time;

namespace Rampa.Core.Reporting;

/// <summary>
/// Writes summary.json (schema: schemas/rampa-summary.schema.json): run metadata, scenarios, thresholds with verdicts,
/// checks, every metric with its totals and every tagged series, each series' exact state (<c>raw</c>: count, sum,
/// min, max, non-zero, last, and a Trend's merged HdrHistogram encoded, see <see cref="TrendHistogramEncoding"/>), and
/// the per-second time series of every series (<c>timeSeries</c>). Display values are milliseconds for times; rates are
/// per second of the test (per second of the point in <c>timeSeries</c>); <c>raw</c> keeps the stored units
/// (microseconds for times) so <see cref="SummaryJsonReader"/> restores the report exactly.
/// </summary>
public static class SummaryJsonWriter
{
    /// <summary>2: adds <c>raw</c> (with the encoded histograms), <c>checks</c>, <c>events</c>, <c>run.trendStats</c>,
    /// <c>run.abortedBy</c> and a Trend point's <c>sum</c>; later, within 2, <c>failures</c> and a series' <c>message</c>
    /// (both optional to the reader); later still <c>run.verdict</c> (derived: the reader ignores it) and
    /// <c>generator</c> (saturated and its evidence; optional to the reader: absent reads as not saturated).</summary>
    public const int FormatVersion = 2;
    /// <summary>Trend statistics every series carries in the JSON, beside the summary's own list.</summary>
    private static readonly string[] JsonTrendStats = ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)"];

    public static byte[] Write(RunReport report)
    {
        using var ms = new MemoryStream();
        Write(report, ms);
        return ms.ToArray();
    }

    /// <summary>Writes to <paramref name="output"/> as it goes (flushed every few series), never the whole text in memory.</summary>
    public static void Write(RunReport report, Stream output)
    {
        using (var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("version", FormatVersion);
            w.WriteStartObject("run");
            w.WriteString("id", report.RunId);
            if (report.Name is not null) w.WriteString("name", report.Name);
            w.WriteString("scenarioFile", report.ScenarioFile);
            w.WriteString("scenarioHash", report.ScenarioHash);
            w.WriteString("startUtc", report.StartUtc.UtcDateTime.ToString("O"));
            w.WriteString("endUtc", report.EndUtc.UtcDateTime.ToString("O"));
            w.WriteNumber("durationSeconds", Math.Round(report.Duration.TotalSeconds, 6));
            w.WriteStartArray("silos");
            foreach (var s in report.Silos) w.WriteStringValue(s);
            w.WriteEndArray();
            w.WriteString("rampaVersion", report.RampaVersion);
            w.WriteNumber("seed", report.Seed);
            w.WriteString("state", report.State);
            if (report.StopReason is not null) w.WriteString("stopReason", report.StopReason);
            if (report.AbortedBy is not null) w.WriteString("abortedBy", report.AbortedBy);
            if (report.Error is not null) w.WriteString("error", report.Error);
            w.WriteNumber("exitCode", report.ExitCode);
            w.WriteString("verdict", report.Verdict);
            w.WriteStartArray("trendStats");
            foreach (var stat in report.TrendStats) w.WriteStringValue(stat);
            w.WriteEndArray();
            w.WriteEndObject();

            w.WriteStartArray("scenarios");
            foreach (var s in report.Scenarios)
            {
                w.WriteStartObject();
                w.WriteString("name", s.Name);
                w.WriteString("executor", s.Executor);
                w.WriteNumber("maxVus", s.MaxVus);
                w.WriteNumber("iterations", s.Completed);
                w.WriteNumber("interruptedIterations", s.Interrupted);
                w.WriteString("startTime", DurationFormat.Format(s.StartTime));
                w.WriteString("duration", DurationFormat.Format(s.RegularDuration));
                w.WriteString("gracefulStop", DurationFormat.Format(s.GracefulStop));
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("thresholds");
            foreach (var t in report.Thresholds)
            {
                w.WriteStartObject();
                w.WriteString("metric", t.Key);
                w.WriteString("expression", t.Expression);
                if (t.Observed is { } v) w.WriteNumber("observed", v); else w.WriteNull("observed");
                w.WriteBoolean("passed", t.Passed);
                w.WriteBoolean("abortOnFail", t.AbortOnFail);
                if (t.AbortedRun) w.WriteBoolean("abortedRun", true);
                w.WriteString("verdict", t.NoData && t.Passed ? "no-samples" : t.Passed ? "passed" : "failed");
                if (t.NoSamples is { } n)
                {
                    w.WriteStartObject("noSamples");
                    w.WriteString("filter", n.Filter);
                    w.WriteNumber("metricSeries", n.MetricSeries);
                    w.WriteStartArray("existing");
                    foreach (var e in n.Existing)
                    {
                        w.WriteStartObject();
                        w.WriteString("tag", e.Tag);
                        w.WriteStartArray("values");
                        foreach (var value in e.Values) w.WriteStringValue(value);
                        w.WriteEndArray();
                        w.WriteNumber("distinct", e.Distinct);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("checks");
            foreach (var check in CheckSummary.Of(report.Metrics))
            {
                w.WriteStartObject();
                w.WriteString("name", check.Name);
                w.WriteNumber("passes", check.Passes);
                w.WriteNumber("fails", check.Fails);
                w.WriteNumber("rate", check.Rate);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            WriteFailures(w, FailureSummary.Of(report.Metrics));

            w.WriteStartObject("generator");
            w.WriteBoolean("saturated", report.Saturation.Saturated);
            w.WriteStartArray("evidence");
            foreach (var line in report.Saturation.Evidence) w.WriteStringValue(line);
            w.WriteEndArray();
            w.WriteEndObject();

            w.WriteStartArray("warnings");
            foreach (var warning in report.Warnings) w.WriteStringValue(warning);
            w.WriteEndArray();

            w.WriteStartArray("segments");
            foreach (var seg in report.Segments)
            {
                w.WriteStartObject();
                w.WriteNumber("segment", seg.Segment);
                w.WriteString("silo", seg.Silo);
                w.WriteNumber("generation", seg.Generation);
                w.WriteStartObject("iterations");
                foreach (var (scenario, n) in seg.Iterations.OrderBy(kv => kv.Key, StringComparer.Ordinal)) w.WriteNumber(scenario, n);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("events");
            foreach (var e in report.Events)
            {
                w.WriteStartObject();
                w.WriteNumber("atSeconds", Math.Round(e.At.TotalSeconds, 3));
                w.WriteString("kind", e.Kind);
                w.WriteString("message", e.Message);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            if (report.DataSources.Count > 0)
            {
                w.WriteStartArray("data");
                foreach (var d in report.DataSources)
                {
                    w.WriteStartObject();
                    w.WriteString("name", d.Name);
                    w.WriteString("file", d.File);
                    w.WriteString("mode", d.Mode);
                    w.WriteNumber("rows", d.Rows);
                    if (d.Used is { } used) w.WriteNumber("used", used);
                    w.WriteNumber("lost", d.Lost);
                    w.WriteNumber("wraps", d.Wraps);
                    w.WriteBoolean("exhausted", d.Exhausted);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }

            w.WriteStartObject("metrics");
            foreach (var name in report.Metrics.MetricNames.Order(StringComparer.Ordinal))
            {
                var series = report.Metrics.OfMetric(name).OrderBy(s => s.Key.Canonical, StringComparer.Ordinal).ToList();
                var def = series[0].Key.Metric;
                w.WriteStartObject(name);
                w.WriteString("type", def.Type.ToString().ToLowerInvariant());
                w.WriteString("contains", def.Unit switch { MetricUnit.Time => "time", MetricUnit.Data => "data", _ => "default" });
                w.WritePropertyName("values");
                WriteValues(w, report.Metrics.Total(name)!, def.Unit, report.Duration);
                w.WriteStartArray("series");
                foreach (var (key, acc) in series)
                {
                    w.WriteStartObject();
                    w.WriteStartObject("tags");
                    foreach (var (k, v) in key.Tags) w.WriteString(k, v);
                    w.WriteEndObject();
                    // The first failure message the silos kept for this series (http_req_failed's failed series).
                    if (report.Metrics.Messages.TryGetValue(key, out var message)) w.WriteString("message", message);
                    w.WritePropertyName("values");
                    WriteValues(w, acc, def.Unit, report.Duration);
                    WriteRaw(w, acc);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
                if (w.BytesPending > FlushAt) w.Flush();
            }
            w.WriteEndObject();

            WriteTimeSeries(w, report);
            w.WriteEndObject();
        }
    }

    private const int FlushAt = 64 * 1024;

    /// <summary>
    /// <c>failures</c>: derived from the <c>http_req_failed</c> series and their messages (so the reader needs nothing
    /// from it): the run's requests and failures, every class over the run, and per request name its classes.
    /// </summary>
    private static void WriteFailures(Utf8JsonWriter w, FailureSummary failures)
    {
        w.WriteStartObject("failures");
        w.WriteNumber("requests", failures.Requests);
        w.WriteNumber("failed", failures.Failed);
        w.WriteNumber("rate", failures.Share);
        WriteFailureRows(w, failures.Overall);
        w.WriteStartArray("byRequest");
        foreach (var request in failures.ByRequest)
        {
            w.WriteStartObject();
            w.WriteString("name", request.Name);
            w.WriteNumber("requests", request.Requests);
            w.WriteNumber("failed", request.Failed);
            w.WriteNumber("rate", request.Share);
            WriteFailureRows(w, request.Classes);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteFailureRows(Utf8JsonWriter w, IReadOnlyList<FailureRow> rows)
    {
        w.WriteStartArray("classes");
        foreach (var row in rows)
        {
            w.WriteStartObject();
            if (row.Class.Code is { } code) w.WriteNumber("code", code); else w.WriteNull("code");
            w.WriteString("name", row.Class.Name);
            w.WriteString("description", row.Class.Description);
            w.WriteNumber("count", row.Count);
            w.WriteNumber("share", row.Share);
            if (row.Message is { } message) w.WriteString("message", message); else w.WriteNull("message");
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>
    /// A series' exact state in stored units: what <see cref="SummaryJsonReader"/> restores, and the merged histogram
    /// from which any percentile can be read again (<c>rampa report --trend-stats</c>).
    /// </summary>
    private static void WriteRaw(Utf8JsonWriter w, SeriesAccumulator acc)
    {
        w.WriteStartObject("raw");
        w.WriteNumber("count", acc.Count);
        w.WriteNumber("sum", acc.Sum);
        if (acc.Count > 0)
        {
            w.WriteNumber("min", acc.Min);
            w.WriteNumber("max", acc.Max);
        }
        w.WriteNumber("nonZero", acc.NonZero);
        w.WriteNumber("last", acc.Last);
        if (acc.Histogram is { TotalCount: > 0 } h) w.WriteString("histogram", TrendHistogramEncoding.ToBase64(h));
        w.WriteEndObject();
    }

    /// <summary>
    /// <c>timeSeries</c>: <c>series</c>, every series' points, one per second in which it had data, and <c>metrics</c>,
    /// every metric's points merged over its tag sets (exact: merged from histograms before any percentile is read).
    /// <c>t</c> is the point's UTC second (the one in which the silos took the snapshots merged into it, so it holds
    /// about the second before) minus the UTC second of the run's start (<c>startUnixSeconds</c>). Fields by type:
    /// counter count, rate; gauge value; rate count, passes, rate; trend count, sum, avg, min, p50, p90, p95, p99, max
    /// (ms for time metrics).
    /// </summary>
    private static void WriteTimeSeries(Utf8JsonWriter w, RunReport report)
    {
        var start = report.StartUtc.ToUnixTimeSeconds();
        w.WriteStartObject("timeSeries");
        w.WriteNumber("intervalSeconds", MetricTimeSeries.IntervalSeconds);
        w.WriteNumber("startUnixSeconds", start);
        w.WriteStartArray("series");
        WriteSeriesList(w, report.TimeSeries, start, withTags: true);
        w.WriteEndArray();
        w.WriteStartArray("metrics");
        WriteSeriesList(w, report.TimeSeriesByMetric, start, withTags: false);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteSeriesList(Utf8JsonWriter w, MetricTimeSeries timeSeries, long start, bool withTags)
    {
        var series = timeSeries.Series.Where(s => s.Value.Count > 0)
            .OrderBy(s => s.Key.Metric.Name, StringComparer.Ordinal)
            .ThenBy(s => s.Key.Canonical, StringComparer.Ordinal)
            .ThenBy(s => s.Key.Metric.Type);
        foreach (var (key, points) in series)
        {
            var def = key.Metric;
            w.WriteStartObject();
            w.WriteString("metric", def.Name);
            w.WriteString("type", def.Type.ToString().ToLowerInvariant());
            w.WriteString("contains", def.Unit switch { MetricUnit.Time => "time", MetricUnit.Data => "data", _ => "default" });
            if (withTags)
            {
                w.WriteStartObject("tags");
                foreach (var (k, v) in key.Tags) w.WriteString(k, v);
                w.WriteEndObject();
            }
            w.WriteStartArray("points");
            foreach (var p in points) WritePoint(w, p, def, p.Second - start);
            w.WriteEndArray();
            w.WriteEndObject();
            if (w.BytesPending > FlushAt) w.Flush();
        }
    }

    private static void WritePoint(Utf8JsonWriter w, SeriesPoint p, MetricDefinition def, long t)
    {
        w.WriteStartObject();
        w.WriteNumber("t", t);
        switch (def.Type)
        {
            case MetricType.Counter:
                w.WriteNumber("count", p.Sum);
                w.WriteNumber("rate", p.Sum / MetricTimeSeries.IntervalSeconds);
                break;
            case MetricType.Gauge:
                w.WriteNumber("value", p.Value);
                break;
            case MetricType.Rate:
                w.WriteNumber("count", p.Count);
                w.WriteNumber("passes", p.NonZero);
                w.WriteNumber("rate", p.Count == 0 ? 0 : (double)p.NonZero / p.Count);
                break;
            case MetricType.Trend:
                var scale = def.Unit == MetricUnit.Time ? 1000.0 : 1.0;
                w.WriteNumber("count", p.Count);
                w.WriteNumber("sum", p.Sum / scale);
                w.WriteNumber("avg", p.Mean / scale);
                w.WriteNumber("min", (p.Count == 0 ? 0 : p.Min) / scale);
                foreach (var (name, percentile) in PointPercentiles) w.WriteNumber(name, p.Percentile(percentile) / scale);
                w.WriteNumber("max", (p.Count == 0 ? 0 : p.Max) / scale);
                break;
        }
        w.WriteEndObject();
    }

    private static readonly (string Name, double Percentile)[] PointPercentiles = [("p50", 50), ("p90", 90), ("p95", 95), ("p99", 99)];

    private static void WriteValues(Utf8JsonWriter w, SeriesAccumulator acc, MetricUnit unit, TimeSpan duration)
    {
        w.WriteStartObject();
        switch (acc.Type)
        {
            case MetricType.Counter:
                w.WriteNumber("count", acc.Sum);
                w.WriteNumber("rate", MetricValues.PerSecond(acc.Sum, duration));
                break;
            case MetricType.Gauge:
                w.WriteNumber("value", acc.Last);
                w.WriteNumber("min", acc.Count == 0 ? 0 : acc.Min);
                w.WriteNumber("max", acc.Count == 0 ? 0 : acc.Max);
                break;
            case MetricType.Rate:
                w.WriteNumber("rate", acc.Count == 0 ? 0 : (double)acc.NonZero / acc.Count);
                w.WriteNumber("passes", acc.NonZero);
                w.WriteNumber("fails", acc.Count - acc.NonZero);
                break;
            case MetricType.Trend:
                w.WriteNumber("count", acc.Count);
                foreach (var stat in JsonTrendStats) w.WriteNumber(stat, MetricValues.TrendStat(acc, unit, stat) ?? 0);
                break;
        }
        w.WriteEndObject();
    }
}
