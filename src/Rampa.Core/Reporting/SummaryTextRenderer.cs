using System.Globalization;
using System.Text;
using Rampa.Core.Metrics;

namespace Rampa.Core.Reporting;

/// <summary>
/// The end-of-test summary in k6's layout: a thresholds block, a checks block, then the metrics grouped
/// (HTTP, EXECUTION, NETWORK), Trends as the configured statistics, sub-series of note indented below.
/// </summary>
public static class SummaryTextRenderer
{
    private const int NameWidth = 44;
    private static readonly string[] GroupOrder =
        ["HTTP", .. Protocols.ProtocolCatalog.All.Select(p => p.SummaryGroup).Distinct(), "EXECUTION", "NETWORK", "GENERATOR", "CUSTOM"];

    /// <summary>One data source, e.g. <c>data users (users.csv, unique): 400 of 1000 rows used, 12 lost with a silo</c>.</summary>
    public static string DataLine(DataSourceSummary d)
    {
        var parts = new List<string>();
        if (d.Used is { } used) parts.Add($"{used} of {d.Rows} rows used");
        else parts.Add($"{d.Rows} rows");
        if (d.Wraps > 0) parts.Add($"{d.Wraps} full round{(d.Wraps == 1 ? "" : "s")}");
        if (d.Lost > 0) parts.Add($"{d.Lost} lost with a silo (never handed out again)");
        if (d.Exhausted) parts.Add("ran out");
        return $"data {d.Name} ({d.File}, {d.Mode}): {string.Join(", ", parts)}";
    }

    public static string Render(RunReport report, bool color = false)
    {
        var sb = new StringBuilder();
        var ok = color ? "\u001b[32m✓\u001b[0m" : "✓";
        var bad = color ? "\u001b[31m✗\u001b[0m" : "✗";
        var unjudged = color ? "\u001b[33m?\u001b[0m" : "?";
        sb.AppendLine();
        sb.AppendLine($"  run {report.RunId}  {report.State}  {MetricValues.FormatMs(report.Duration.TotalMilliseconds)}  on {report.Silos.Count} silo{(report.Silos.Count == 1 ? "" : "s")}");
        if (report.AbortedBy is not null) sb.AppendLine($"  ABORTED by threshold '{report.AbortedBy}' (abortOnFail): the run was stopped early");
        else if (report.StopReason is not null) sb.AppendLine($"  stopped: {report.StopReason}");
        if (report.Error is not null) sb.AppendLine($"  error: {report.Error}");
        if (report.Verdict == "inconclusive")
        {
            var warn = color ? "\u001b[1;33m" : "";
            var reset = color ? "\u001b[0m" : "";
            sb.AppendLine($"  {warn}INCONCLUSIVE: the load generator was saturated{reset} (the figures measure the generator's limit as much as the target's):");
            foreach (var line in report.Saturation.Evidence) sb.AppendLine($"    - {line}");
        }
        foreach (var w in report.Warnings) sb.AppendLine($"  WARNING: {w}");
        foreach (var e in report.Events) sb.AppendLine($"  EVENT at {MetricValues.FormatMs(e.At.TotalMilliseconds)}: {e.Message}");
        if (report.Segments.Count > 1)
            sb.AppendLine("  segments: " + string.Join("; ", report.Segments.Select(g =>
                $"{g.Segment} on {g.Silo}{(g.Generation > 0 ? $" (taken over {g.Generation}x)" : "")}: {g.Iterations.Values.Sum()} iterations")));
        foreach (var d in report.DataSources) sb.AppendLine("  " + DataLine(d));

        if (report.Thresholds.Count > 0)
        {
            sb.AppendLine().AppendLine("  █ THRESHOLDS").AppendLine();
            foreach (var group in report.Thresholds.GroupBy(t => t.Key))
            {
                sb.AppendLine($"    {group.Key}");
                foreach (var t in group)
                {
                    var observed = t.Observed is { } v ? Observed(report, t.Key, t.Expression, v) : NoSamples(t);
                    var aborted = t.AbortedRun ? "  ← aborted the run (abortOnFail)" : "";
                    var mark = t.FailedForNoSamples ? bad : t.NoData ? unjudged : t.Passed ? ok : bad;
                    sb.AppendLine($"    {mark} '{t.Expression}' {observed}{aborted}");
                }
                sb.AppendLine();
            }
            var unjudgedCount = report.Thresholds.Count(t => t.NoData && t.Passed);
            if (unjudgedCount > 0)
                sb.AppendLine($"    {unjudged} {unjudgedCount} threshold{(unjudgedCount == 1 ? "" : "s")} had no samples to judge and did not fail the run " +
                              "(--strict-thresholds or strictThresholds: true makes them fail)").AppendLine();
        }

        sb.AppendLine().AppendLine("  █ TOTAL RESULTS").AppendLine();
        var metrics = report.Metrics;
        var checks = metrics.OfMetric("checks").ToList();
        if (checks.Count > 0)
        {
            long total = checks.Sum(c => c.Value.Count), passed = checks.Sum(c => c.Value.NonZero);
            sb.AppendLine(Line("checks_total", $"{total,-8} {MetricValues.FormatRate(MetricValues.PerSecond(total, report.Duration))}/s"));
            sb.AppendLine(Line("checks_succeeded", $"{Percent(passed, total),-8} {passed} out of {total}"));
            sb.AppendLine(Line("checks_failed", $"{Percent(total - passed, total),-8} {total - passed} out of {total}"));
            sb.AppendLine();
            foreach (var byName in checks.GroupBy(c => c.Key.Tag("check") ?? "?").OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                long t = byName.Sum(c => c.Value.Count), p = byName.Sum(c => c.Value.NonZero);
                sb.AppendLine(p == t ? $"    {ok} {byName.Key}" : $"    {bad} {byName.Key}\n      ↳  {Percent(p, t)} — {ok} {p} / {bad} {t - p}");
            }
            sb.AppendLine();
        }

        var names = metrics.MetricNames.Where(n => n != "checks").ToList();
        foreach (var group in GroupOrder)
        {
            var inGroup = names.Where(n => BuiltinMetrics.GroupOf(n) == group).Order(StringComparer.Ordinal).ToList();
            if (inGroup.Count == 0) continue;
            sb.AppendLine($"    {group}");
            foreach (var name in inGroup)
            {
                var total = metrics.Total(name)!;
                var unit = metrics.OfMetric(name).First().Key.Metric.Unit;
                if (group == "GENERATOR")
                {
                    // Per silo, over the run's seconds: a cluster sum of CPU shares means little, and the last second
                    // (what a gauge shows) is the run's tail, not the run.
                    var silos = metrics.OfMetric(name).OrderBy(s => s.Key.Tag("silo"), StringComparer.Ordinal).ToList();
                    if (silos.Count == 1) sb.AppendLine(Line(name, GeneratorValues(name, silos[0].Key, silos[0].Value, report)));
                    else
                    {
                        sb.AppendLine(Line(name, "per silo"));
                        foreach (var (key, acc) in silos)
                            sb.AppendLine(Line($"  {{ silo:{key.Tag("silo")} }}", GeneratorValues(name, key, acc, report)));
                    }
                    continue;
                }
                sb.AppendLine(Line(name, Values(total, unit, report)));
                if (name == "http_req_duration")
                {
                    var expected = metrics.Total(name, new Dictionary<string, string> { ["expected_response"] = "true" });
                    if (expected is not null && expected.Count != total.Count)
                        sb.AppendLine(Line("  { expected_response:true }", Values(expected, unit, report)));
                }
            }
            sb.AppendLine();
        }
        AppendFailures(sb, FailureSummary.Of(metrics));
        AppendErrors(sb, metrics);
        return sb.ToString();
    }

    /// <summary>
    /// <c>█ ERRORS</c>, only when a C# scenario threw: per scenario, each distinct exception with its count, where it was
    /// thrown and the first one's message, e.g. <c>2  InvalidOperationException  at Shop.cs:42  the cart is empty</c>.
    /// </summary>
    private static void AppendErrors(StringBuilder sb, MetricSnapshot metrics)
    {
        var rows = metrics.OfMetric(BuiltinMetrics.IterationErrors.Name)
            .Select(e => (Scenario: e.Key.Tag("scenario") ?? "", Error: e.Key.Tag("error") ?? "", Place: e.Key.Tag("place") ?? "",
                Count: (long)e.Value.Sum, Message: metrics.Messages.GetValueOrDefault(e.Key)))
            .OrderBy(r => r.Scenario, StringComparer.Ordinal).ThenByDescending(r => r.Count).ToList();
        if (rows.Count == 0) return;
        sb.AppendLine("  █ ERRORS").AppendLine();
        var countWidth = rows.Max(r => r.Count.ToString(CultureInfo.InvariantCulture).Length);
        foreach (var scenario in rows.GroupBy(r => r.Scenario))
        {
            sb.AppendLine($"    {scenario.Key}: {scenario.Sum(r => r.Count)} iteration(s) ended by an exception");
            foreach (var r in scenario)
            {
                var line = $"      {r.Count.ToString(CultureInfo.InvariantCulture).PadLeft(countWidth)}  {r.Error}  at {r.Place}";
                // The message starts with the type's name (FailureMessage's form): show only what follows it.
                var message = r.Message is { } m && m.StartsWith(r.Error + ": ", StringComparison.Ordinal) ? m[(r.Error.Length + 2)..] : r.Message;
                sb.AppendLine(message is null ? line : $"{line}  {message}");
            }
        }
        sb.AppendLine();
    }

    /// <summary><c>no samples: no series matched http_req_duration{name:hme}; existing: name=home</c>, and why it failed if strict.</summary>
    public static string NoSamples(Thresholds.ThresholdResult t) =>
        "no samples" + (t.FailedForNoSamples ? " (strict thresholds: fails the run)" : "") + (t.NoSamples is { } n ? ": " + n.Describe() : "");

    /// <summary>
    /// <c>█ FAILURES</c>, only when a request failed: per request name, its top classes with code, count, share of that
    /// name's requests and a sample message, e.g. <c>1212  connection refused  250  100.00%  connect to 127.0.0.1:5081: Connection refused</c>.
    /// </summary>
    private static void AppendFailures(StringBuilder sb, FailureSummary failures)
    {
        if (!failures.Any) return;
        sb.AppendLine("  █ FAILURES").AppendLine();
        var shown = failures.ByRequest.SelectMany(r => r.Classes.Take(FailureSummary.TopClasses)).ToList();
        var nameWidth = shown.Max(c => c.Class.Name.Length);
        var countWidth = shown.Max(c => c.Count.ToString(CultureInfo.InvariantCulture).Length);
        foreach (var request in failures.ByRequest)
        {
            sb.AppendLine($"    {request.Name}: {request.Failed} of {request.Requests} requests failed ({FailureSummary.Percent(request.Share)})");
            foreach (var row in request.Classes.Take(FailureSummary.TopClasses))
            {
                var count = row.Count.ToString(CultureInfo.InvariantCulture).PadLeft(countWidth);
                var line = $"      {row.Class.CodeText,-4}  {row.Class.Name.PadRight(nameWidth)}  {count}  {FailureSummary.Percent(row.Share),7}";
                sb.AppendLine(row.Message is null ? line : $"{line}  {row.Message}");
            }
            if (request.Classes.Count > FailureSummary.TopClasses)
                sb.AppendLine($"      ... and {request.Classes.Count - FailureSummary.TopClasses} more classes (summary.json lists them all)");
        }
        sb.AppendLine();
    }

    private static string Observed(RunReport report, string key, string expression, double v)
    {
        var agg = expression.Split(['<', '>', '=', '!'], 2)[0].Trim();
        var metric = key.Split('{')[0];
        var unit = report.Metrics.OfMetric(metric).FirstOrDefault().Key?.Metric.Unit ?? MetricUnit.None;
        var type = report.Metrics.OfMetric(metric).FirstOrDefault().Key?.Metric.Type;
        var shown = unit == MetricUnit.Time && agg != "count" && agg != "rate" ? MetricValues.FormatMs(v)
            : type == MetricType.Rate ? (v * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%"
            : MetricValues.FormatNumber(v);
        return $"{agg}={shown}";
    }

    /// <summary>One silo's generator gauge: its average and peak over the run's seconds, in the gauge's own unit.</summary>
    private static string GeneratorValues(string metric, SeriesKey key, SeriesAccumulator acc, RunReport report)
    {
        var points = report.TimeSeries.Points(key);
        var avg = points.Count > 0 ? points.Average(p => p.Value) : acc.Last;
        var max = points.Count > 0 ? points.Max(p => p.Value) : acc.Last;
        Func<double, string> format = metric switch
        {
            "rampa_generator_cpu" => v => (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%",
            "rampa_generator_alloc_rate" => v => MetricValues.FormatBytes(v) + "/s",
            "rampa_generator_gc_pause" => v => MetricValues.FormatMs(v) + "/s",
            "rampa_generator_flush_interval" => v => v.ToString("0.0#", CultureInfo.InvariantCulture) + "s",
            _ => v => v.ToString("0.#", CultureInfo.InvariantCulture),
        };
        return $"avg={format(avg)} max={format(max)}";
    }

    private static string Line(string name, string values) =>
        $"    {name}{new string('.', Math.Max(3, NameWidth - name.Length))}: {values}";

    private static string Percent(long part, long total) =>
        (total == 0 ? 0 : 100.0 * part / total).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    /// <summary>The values of one line: Trend stats, a Rate's share, a Counter's count and rate, a Gauge's value.</summary>
    public static string Values(SeriesAccumulator acc, MetricUnit unit, RunReport report)
    {
        switch (acc.Type)
        {
            case MetricType.Trend:
                return string.Join(" ", report.TrendStats.Select(s =>
                {
                    var v = MetricValues.TrendStat(acc, unit, s) ?? 0;
                    return $"{s}={(unit == MetricUnit.Time && s != "count" ? MetricValues.FormatMs(v) : MetricValues.FormatNumber(v))}";
                }));
            case MetricType.Rate:
                return $"{Percent(acc.NonZero, acc.Count),-8} {acc.NonZero} out of {acc.Count}";
            case MetricType.Counter:
                var rate = MetricValues.PerSecond(acc.Sum, report.Duration);
                return unit == MetricUnit.Data
                    ? $"{MetricValues.FormatBytes(acc.Sum),-8} {MetricValues.FormatBytes(rate)}/s"
                    : $"{MetricValues.FormatNumber(acc.Sum),-8} {MetricValues.FormatRate(rate)}/s";
            default:
                return $"{MetricValues.FormatNumber(acc.Last),-8} min={MetricValues.FormatNumber(acc.Min)} max={MetricValues.FormatNumber(acc.Max)}";
        }
    }
}
