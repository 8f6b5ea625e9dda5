using System.Globalization;
using System.Net;
using System.Text;
using Rampa.Core.Metrics;
using Rampa.Core.Time;

namespace Rampa.Core.Reporting.Html;

/// <summary>
/// The report's static HTML sections (thresholds, checks, requests, scenarios, metrics, warnings, settings). Rendered
/// here rather than in the script so the tables read, print and search the same with scripting off.
/// </summary>
internal static partial class ReportSections
{
    internal static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    public static void Thresholds(StringBuilder sb, RunReport report)
    {
        var passed = report.Thresholds.Count(t => t.Passed && !t.NoData);
        var unjudged = report.Thresholds.Count(t => t.Passed && t.NoData);
        SectionStart(sb, "thresholds", "Thresholds", report.Thresholds.Count == 0 ? "none defined"
            : $"{passed} of {report.Thresholds.Count} passed" + (unjudged > 0 ? $", {unjudged} without samples" : ""));
        if (report.Thresholds.Count == 0) { Empty(sb, "This run defined no thresholds."); SectionEnd(sb); return; }
        sb.Append("<div class=\"scroll\"><table class=\"grid\"><thead><tr><th class=\"mark\"></th><th>Metric</th><th>Expression</th><th class=\"num\">Observed</th><th>Verdict</th></tr></thead><tbody>");
        foreach (var t in report.Thresholds)
        {
            // Three outcomes: passed, failed, and no samples (nothing to judge; failed only under strict thresholds).
            var (kind, mark, verdict) = t.NoData && t.Passed ? ("no-samples", "<span class=\"unjudged\">?</span>", "no samples")
                : t.Passed ? ("pass", "<span class=\"ok\">✓</span>", "passed")
                : ("fail", "<span class=\"no\">✗</span>", t.NoData ? "failed: no samples" : "failed");
            var note = t.AbortedRun ? " <span class=\"tag bad\">aborted the run</span>" : t.AbortOnFail ? " <span class=\"tag\">abortOnFail</span>" : "";
            var observed = t.Observed is { } v ? E(Observed(report, t.Key, t.Expression, v))
                : $"<span class=\"no-samples\">{E(SummaryTextRenderer.NoSamples(t))}</span>";
            sb.Append($"<tr class=\"{kind}\" data-threshold=\"{kind}\">")
              .Append($"<td class=\"mark\">{mark}</td>")
              .Append($"<td><code>{E(t.Key)}</code></td><td><code>{E(t.Expression)}</code>{note}</td>")
              .Append($"<td class=\"num\">{observed}</td>")
              .Append($"<td><span class=\"verdict-pill {kind}\">{verdict}</span></td></tr>");
        }
        sb.Append("</tbody></table></div>");
        SectionEnd(sb);
    }

    /// <summary>The observed value as the text summary shows it: <c>p(95)=12.3ms</c>, <c>rate=0.50%</c>.</summary>
    private static string Observed(RunReport report, string key, string expression, double v)
    {
        var agg = expression.Split(['<', '>', '=', '!'], 2)[0].Trim();
        var metric = key.Split('{')[0];
        var def = report.Metrics.OfMetric(metric).FirstOrDefault().Key?.Metric;
        var shown = def?.Unit == MetricUnit.Time && agg != "count" && agg != "rate" ? MetricValues.FormatMs(v)
            : def?.Type == MetricType.Rate ? (v * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%"
            : MetricValues.FormatNumber(v);
        return $"{agg}={shown}";
    }

    public static void Checks(StringBuilder sb, RunReport report)
    {
        var checks = report.Metrics.OfMetric(BuiltinMetrics.Checks.Name).ToList();
        long total = checks.Sum(c => c.Value.Count), passes = checks.Sum(c => c.Value.NonZero);
        SectionStart(sb, "checks", "Checks", total == 0 ? "none recorded" : $"{ReportFigures.Percent(passes, total)} of {ReportFigures.Count(total)} passed");
        if (total == 0) { Empty(sb, "No checks were recorded."); SectionEnd(sb); return; }
        sb.Append("<div class=\"scroll\"><table class=\"grid\"><thead><tr><th class=\"mark\"></th><th>Check</th><th class=\"num\">Passes</th><th class=\"num\">Fails</th><th class=\"bar-col\">Success</th></tr></thead><tbody>");
        foreach (var byName in checks.GroupBy(c => c.Key.Tag("check") ?? "?").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            long t = byName.Sum(c => c.Value.Count), p = byName.Sum(c => c.Value.NonZero);
            var share = t == 0 ? 0 : 100.0 * p / t;
            sb.Append($"<tr class=\"{(p == t ? "pass" : "fail")}\" data-check=\"{E(byName.Key)}\">")
              .Append($"<td class=\"mark\">{(p == t ? "<span class=\"ok\">✓</span>" : "<span class=\"no\">✗</span>")}</td>")
              .Append($"<td>{E(byName.Key)}</td><td class=\"num\">{ReportFigures.Count(p)}</td><td class=\"num\">{ReportFigures.Count(t - p)}</td>")
              .Append($"<td class=\"bar-col\"><span class=\"bar\"><span style=\"width:{share.ToString("0.##", CultureInfo.InvariantCulture)}%\"></span></span> {ReportFigures.Percent(p, t)}</td></tr>");
        }
        sb.Append("</tbody></table></div>");
        SectionEnd(sb);
    }

    /// <summary>
    /// One row per value of the <c>name</c> tag (the request's name in the results); a name sent with several methods
    /// also gets one row per method under it. Then the status codes of each (<see cref="ReportStatusTable"/>).
    /// </summary>
    public static void Requests(StringBuilder sb, RunReport report)
    {
        var m = report.Metrics;
        var series = new[] { BuiltinMetrics.HttpReqs.Name, BuiltinMetrics.HttpReqDuration.Name }.SelectMany(m.OfMetric).ToList();
        var names = series.Select(s => s.Key.Tag("name")).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        SectionStart(sb, "requests", "Requests", names.Count == 0 ? "none recorded" : $"{names.Count} by name");
        if (names.Count == 0) { Empty(sb, "No HTTP requests were recorded."); SectionEnd(sb); return; }
        var unit = m.OfMetric(BuiltinMetrics.HttpReqDuration.Name).FirstOrDefault().Key?.Metric.Unit ?? MetricUnit.Time;
        sb.Append("<div class=\"scroll\"><table class=\"grid\"><thead><tr><th>Name</th><th>Method</th><th class=\"num\">Requests</th><th class=\"num\">req/s</th><th class=\"num\">Failed</th>")
          .Append("<th class=\"num\">avg</th><th class=\"num\">p50</th><th class=\"num\">p90</th><th class=\"num\">p95</th><th class=\"num\">p99</th><th class=\"num\">max</th></tr></thead><tbody>");
        void Row(string attributes, string nameCell, string methodCell, Dictionary<string, string> filter)
        {
            var count = m.Total(BuiltinMetrics.HttpReqs.Name, filter)?.Sum ?? 0;
            var failed = m.Total(BuiltinMetrics.HttpReqFailed.Name, filter);
            var duration = m.Total(BuiltinMetrics.HttpReqDuration.Name, filter);
            var failedText = failed is { Count: > 0 } ? ReportFigures.Percent(failed.NonZero, failed.Count) : ReportFigures.None;
            // Requests without any response (status 0) record zero durations: show none rather than "0µs".
            var sent = m.OfMetric(BuiltinMetrics.HttpReqs.Name).Where(s => s.Key.Matches(filter)).ToList();
            var responded = sent.Count == 0 || sent.Any(s => s.Key.Tag("status") != "0" && s.Value.Sum > 0);
            sb.Append($"<tr {attributes}><td>{nameCell}</td><td>{methodCell}</td><td class=\"num\">{ReportFigures.Count(count)}</td>")
              .Append($"<td class=\"num\">{MetricValues.FormatRateShort(MetricValues.PerSecond(count, report.Duration))}</td>")
              .Append($"<td class=\"num{(failed is { NonZero: > 0 } ? " bad" : "")}\">{failedText}</td>");
            foreach (var stat in new[] { "avg", "med", "p(90)", "p(95)", "p(99)", "max" })
                sb.Append($"<td class=\"num\">{(duration is { Count: > 0 } && responded ? ReportFigures.TrendValue(duration, unit, stat) : ReportFigures.None)}</td>");
            sb.Append("</tr>");
        }
        foreach (var name in names)
        {
            var methods = MethodsOf(series, name);
            Row($"data-request=\"{E(name)}\"", $"<code>{E(name)}</code>", E(string.Join(", ", methods)), new() { ["name"] = name });
            if (methods.Count < 2) continue;
            foreach (var method in methods)
                Row($"class=\"sub\" data-request-of=\"{E(name)}\" data-request-method=\"{E(method)}\"", $"<span class=\"indent\">{E(method)} only</span>", E(method),
                    new() { ["name"] = name, ["method"] = method });
        }
        sb.Append("</tbody></table></div>");
        ReportStatusTable.Write(sb, report);
        SectionEnd(sb);
    }

    /// <summary>The methods a request name was sent with (its series' <c>method</c> tags), in order.</summary>
    internal static IReadOnlyList<string> MethodsOf(IEnumerable<KeyValuePair<SeriesKey, SeriesAccumulator>> series, string name) =>
        series.Where(s => s.Key.Tag("name") == name).Select(s => s.Key.Tag("method")).OfType<string>()
            .Distinct().Order(StringComparer.Ordinal).ToList();

    public static void Scenarios(StringBuilder sb, RunReport report)
    {
        SectionStart(sb, "scenarios", "Scenarios", $"{report.Scenarios.Count}");
        if (report.Scenarios.Count == 0) { Empty(sb, "No scenario ran."); SectionEnd(sb); return; }
        sb.Append("<div class=\"scroll\"><table class=\"grid\"><thead><tr><th>Scenario</th><th>Executor</th><th class=\"num\">Max VUs</th><th class=\"num\">Iterations</th><th class=\"num\">Interrupted</th><th class=\"num\">Start</th><th class=\"num\">Duration</th><th class=\"num\">Graceful stop</th></tr></thead><tbody>");
        foreach (var s in report.Scenarios)
            sb.Append($"<tr data-scenario=\"{E(s.Name)}\"><td><code>{E(s.Name)}</code></td><td>{E(s.Executor)}</td><td class=\"num\">{ReportFigures.Count(s.MaxVus)}</td>")
              .Append($"<td class=\"num\">{ReportFigures.Count(s.Completed)}</td><td class=\"num\">{ReportFigures.Count(s.Interrupted)}</td>")
              .Append($"<td class=\"num\">{DurationFormat.Format(s.StartTime)}</td><td class=\"num\">{DurationFormat.Format(s.RegularDuration)}</td><td class=\"num\">{DurationFormat.Format(s.GracefulStop)}</td></tr>");
        sb.Append("</tbody></table></div>");
        SectionEnd(sb);
    }

    /// <summary>Every metric's total line, as the text summary prints it (the same renderer).</summary>
    public static void Metrics(StringBuilder sb, RunReport report)
    {
        var names = report.Metrics.MetricNames.Order(StringComparer.Ordinal).ToList();
        SectionStart(sb, "metrics", "All metrics", $"{names.Count}");
        if (names.Count == 0) { Empty(sb, "No metric was recorded."); SectionEnd(sb); return; }
        sb.Append("<div class=\"scroll\"><table class=\"grid metrics\"><thead><tr><th>Metric</th><th>Type</th><th>Values</th></tr></thead><tbody>");
        foreach (var name in names)
        {
            var def = report.Metrics.OfMetric(name).First().Key.Metric;
            var values = SummaryTextRenderer.Values(report.Metrics.Total(name)!, def.Unit, report);
            sb.Append($"<tr data-metric=\"{E(name)}\"><td><code>{E(name)}</code></td><td>{def.Type.ToString().ToLowerInvariant()}</td><td class=\"values\">{E(string.Join(' ', values.Split(' ', StringSplitOptions.RemoveEmptyEntries)))}</td></tr>");
        }
        sb.Append("</tbody></table></div>");
        SectionEnd(sb);
    }

    public static void Warnings(StringBuilder sb, RunReport report)
    {
        if (report.Warnings.Count == 0 && report.Events.Count == 0) return;
        SectionStart(sb, "warnings", "Warnings and events", $"{report.Warnings.Count + report.Events.Count}");
        sb.Append("<ul class=\"warnings\">");
        foreach (var w in report.Warnings) sb.Append($"<li>{E(w)}</li>");
        foreach (var e in report.Events) sb.Append($"<li data-event=\"{E(e.Kind)}\">at {E(MetricValues.FormatMs(e.At.TotalMilliseconds))}: {E(e.Message)}</li>");
        sb.Append("</ul>");
        SectionEnd(sb);
    }

    public static void Settings(StringBuilder sb, RunReport report)
    {
        SectionStart(sb, "settings", "Run", null);
        sb.Append("<dl class=\"settings\">");
        void Row(string label, string? value, bool code = false)
        {
            if (value is null) return;
            sb.Append($"<div><dt>{label}</dt><dd>{(code ? $"<code>{E(value)}</code>" : E(value))}</dd></div>");
        }
        Row("Run id", report.RunId, true);
        Row("Name", report.Name);
        Row("Scenario file", report.ScenarioFile, true);
        Row("Scenario hash", report.ScenarioHash, true);
        Row("Seed", report.Seed.ToString(CultureInfo.InvariantCulture), true);
        Row("State", report.State);
        Row("Start (UTC)", UtcText(report.StartUtc));
        Row("End (UTC)", UtcText(report.EndUtc));
        Row("Duration", ReportFigures.DurationText(report.Duration));
        Row("Silos", $"{report.Silos.Count}: {string.Join(", ", report.Silos)}");
        Row("Rampa version", report.RampaVersion);
        Row("Stop reason", report.StopReason);
        Row("Aborted by", report.AbortedBy, true);
        Row("Error", report.Error);
        Row("Exit code", report.ExitCode.ToString(CultureInfo.InvariantCulture), true);
        sb.Append("</dl>");
        SectionEnd(sb);
    }

    public static string UtcText(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    internal static void SectionStart(StringBuilder sb, string id, string title, string? meta) =>
        sb.Append($"<section class=\"card\" id=\"{id}\"><div class=\"section-head\"><h2>{E(title)}</h2>{(meta is null ? "" : $"<span class=\"meta\">{E(meta)}</span>")}</div>");

    internal static void SectionEnd(StringBuilder sb) => sb.Append("</section>");

    internal static void Empty(StringBuilder sb, string text) => sb.Append($"<p class=\"empty\">{E(text)}</p>");
}
