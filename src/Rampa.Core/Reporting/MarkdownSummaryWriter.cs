using System.Globalization;
using System.Text;
using Rampa.Core.Metrics;

namespace Rampa.Core.Reporting;

/// <summary>
/// The run as GitHub-flavoured Markdown, for <c>GITHUB_STEP_SUMMARY</c>: the verdict, key figures, thresholds with
/// verdicts, checks, a table per request name, and why requests failed. Figures are read as the text summary reads them.
/// </summary>
public static class MarkdownSummaryWriter
{
    public static string Render(RunReport report)
    {
        var sb = new StringBuilder();
        var passed = report.ExitCode == ExitCodes.Passed;
        var inconclusive = report.Verdict == "inconclusive";
        sb.AppendLine($"## {(inconclusive ? "⚠️" : passed ? "✅" : "❌")} Rampa: {Escape(report.Name ?? report.ScenarioFile)}");
        sb.AppendLine();
        sb.AppendLine($"Run `{report.RunId}`: **{report.State}**, exit code {report.ExitCode}, {MetricValues.FormatMs(report.Duration.TotalMilliseconds)}" +
                      (report.Error is null ? "" : $", error: {Escape(report.Error)}") +
                      (report.AbortedBy is null ? "" : $", aborted by `{report.AbortedBy}`"));
        sb.AppendLine();
        if (inconclusive)
        {
            sb.AppendLine("> [!WARNING]");
            sb.AppendLine("> **Inconclusive: the load generator was saturated.** The figures measure the generator's limit as much as the target's.");
            foreach (var line in report.Saturation.Evidence) sb.AppendLine($"> - {Escape(line)}");
            sb.AppendLine();
        }

        var m = report.Metrics;
        var reqs = m.Total(BuiltinMetrics.HttpReqs.Name);
        var failed = m.Total(BuiltinMetrics.HttpReqFailed.Name);
        var duration = m.Total(BuiltinMetrics.HttpReqDuration.Name);
        var iterations = m.Total(BuiltinMetrics.Iterations.Name);
        var dropped = m.Total(BuiltinMetrics.DroppedIterations.Name);
        sb.AppendLine("| requests | req/s | failed | p95 | p99 | iterations | dropped |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        sb.AppendLine(string.Join(" | ", [
            "| " + MetricValues.FormatNumber(reqs?.Sum ?? 0),
            MetricValues.FormatRate(MetricValues.PerSecond(reqs?.Sum ?? 0, report.Duration)),
            failed is { Count: > 0 } ? Percent(failed.NonZero, failed.Count) : "-",
            duration is { Count: > 0 } ? MetricValues.FormatMs(duration.Percentile(95) / 1000) : "-",
            duration is { Count: > 0 } ? MetricValues.FormatMs(duration.Percentile(99) / 1000) : "-",
            MetricValues.FormatNumber(iterations?.Sum ?? 0),
            MetricValues.FormatNumber(dropped?.Sum ?? 0) + " |"]));
        sb.AppendLine();

        if (report.Thresholds.Count > 0)
        {
            sb.AppendLine("### Thresholds");
            sb.AppendLine();
            sb.AppendLine("| | metric | expression | observed |");
            sb.AppendLine("|---|---|---|---:|");
            foreach (var t in report.Thresholds)
                sb.AppendLine($"| {(t.NoData && t.Passed ? "⚠️" : t.Passed ? "✅" : "❌")} | `{Escape(t.Key)}` | `{Escape(t.Expression)}` | " +
                              $"{(t.Observed is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : Escape(SummaryTextRenderer.NoSamples(t)))}{(t.AbortedRun ? " (aborted the run)" : "")} |");
            sb.AppendLine();
        }

        var checks = CheckSummary.Of(m);
        if (checks.Count > 0)
        {
            sb.AppendLine("### Checks");
            sb.AppendLine();
            sb.AppendLine("| | check | passes | fails |");
            sb.AppendLine("|---|---|---:|---:|");
            foreach (var c in checks) sb.AppendLine($"| {(c.Fails == 0 ? "✅" : "❌")} | {Escape(c.Name)} | {c.Passes} | {c.Fails} |");
            sb.AppendLine();
        }

        var names = m.OfMetric(BuiltinMetrics.HttpReqDuration.Name).Select(s => s.Key.Tag("name")).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        if (names.Count > 0)
        {
            sb.AppendLine("### Requests");
            sb.AppendLine();
            sb.AppendLine("| name | requests | failed | avg | p95 | p99 | max |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var name in names)
            {
                var filter = new Dictionary<string, string> { ["name"] = name };
                var d = m.Total(BuiltinMetrics.HttpReqDuration.Name, filter)!;
                var f = m.Total(BuiltinMetrics.HttpReqFailed.Name, filter);
                sb.AppendLine($"| {Escape(name)} | {d.Count} | {(f is { Count: > 0 } ? Percent(f.NonZero, f.Count) : "-")} | " +
                              $"{MetricValues.FormatMs(d.Mean / 1000)} | {MetricValues.FormatMs(d.Percentile(95) / 1000)} | " +
                              $"{MetricValues.FormatMs(d.Percentile(99) / 1000)} | {MetricValues.FormatMs(d.Max / 1000)} |");
            }
            sb.AppendLine();
        }
        AppendFailures(sb, FailureSummary.Of(m));
        foreach (var warning in report.Warnings) sb.AppendLine($"> ⚠️ {Escape(warning)}").AppendLine();
        return sb.ToString();
    }

    /// <summary>Why requests failed (only when some did): per request name, its top classes with code, count, share and an example.</summary>
    private static void AppendFailures(StringBuilder sb, FailureSummary failures)
    {
        if (!failures.Any) return;
        sb.AppendLine("### Failures");
        sb.AppendLine();
        sb.AppendLine($"{failures.Failed} of {failures.Requests} requests failed ({FailureSummary.Percent(failures.Share)}).");
        sb.AppendLine();
        sb.AppendLine("| request | code | class | count | share | sample message |");
        sb.AppendLine("|---|---:|---|---:|---:|---|");
        foreach (var request in failures.ByRequest)
            foreach (var row in request.Classes.Take(FailureSummary.TopClasses))
                sb.AppendLine($"| {Escape(request.Name)} | {row.Class.CodeText} | {Escape(row.Class.Name)} | {row.Count} | {FailureSummary.Percent(row.Share)} | " +
                              $"{(row.Message is null ? "-" : "`" + Escape(row.Message).Replace("`", "'") + "`")} |");
        sb.AppendLine();
    }

    private static string Percent(long part, long whole) =>
        whole == 0 ? "-" : (100.0 * part / whole).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    /// <summary>Keeps a value inside its table cell: pipes and line breaks would end it.</summary>
    private static string Escape(string text) => text.Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");
}
