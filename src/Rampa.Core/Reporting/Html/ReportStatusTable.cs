using System.Globalization;
using System.Text;
using Rampa.Core.Metrics;

namespace Rampa.Core.Reporting.Html;

/// <summary>
/// http_reqs counted per request name and response status: one column per status seen (0, k6's "no response", first),
/// one row per name (and per name and method where a name had several methods), and a row of all requests.
/// </summary>
internal static class ReportStatusTable
{
    /// <summary>One row: its name, its method (null: every method of <c>Methods</c>) and its count per status.</summary>
    public sealed record StatusRow(string Name, string? Method, string Methods, IReadOnlyDictionary<string, long> ByStatus)
    {
        public long Total => ByStatus.Values.Sum();
    }

    public static (IReadOnlyList<string> Statuses, IReadOnlyList<StatusRow> Rows, StatusRow All) Build(RunReport report)
    {
        var reqs = report.Metrics.OfMetric(BuiltinMetrics.HttpReqs.Name).ToList();
        var statuses = reqs.Select(s => s.Key.Tag("status") ?? "?").Distinct()
            .OrderBy(s => int.TryParse(s, CultureInfo.InvariantCulture, out var v) ? v : int.MaxValue).ThenBy(s => s, StringComparer.Ordinal).ToList();
        StatusRow Row(string label, string? method, IReadOnlyList<KeyValuePair<SeriesKey, SeriesAccumulator>> of) =>
            new(label, method, string.Join(", ", of.Select(s => s.Key.Tag("method")).OfType<string>().Distinct().Order(StringComparer.Ordinal)), of.GroupBy(s => s.Key.Tag("status") ?? "?").ToDictionary(g => g.Key, g => (long)g.Sum(s => s.Value.Sum)));
        var rows = new List<StatusRow>();
        foreach (var byName in reqs.Where(s => s.Key.Tag("name") is not null).GroupBy(s => s.Key.Tag("name")!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            rows.Add(Row(byName.Key, null, [.. byName]));
            var methods = ReportSections.MethodsOf(byName, byName.Key);
            if (methods.Count > 1) rows.AddRange(methods.Select(m => Row(byName.Key, m, [.. byName.Where(s => s.Key.Tag("method") == m)])));
        }
        return (statuses, rows, Row(ResponseTimeDistribution.AllRequests, null, reqs));
    }

    public static void Write(StringBuilder sb, RunReport report)
    {
        var (statuses, rows, all) = Build(report);
        if (all.Total == 0) return;
        sb.Append("<h3 class=\"sub-head\">Status codes</h3><div class=\"scroll\"><table class=\"grid status\" data-status-table><thead><tr><th>Name</th><th>Method</th>");
        foreach (var s in statuses) sb.Append($"<th class=\"num {Class(s)}\">{(s == "0" ? "0 <small>no response</small>" : ReportSections.E(s))}</th>");
        sb.Append("<th class=\"num\">Total</th></tr></thead><tbody>");
        foreach (var r in rows)
            Append(sb, r, statuses, r.Method is null ? $"<code>{ReportSections.E(r.Name)}</code>" : $"<span class=\"indent\">{ReportSections.E(r.Method)} only</span>",
                r.Method is null ? $" data-status-row=\"{ReportSections.E(r.Name)}\"" : $" class=\"sub\" data-status-of=\"{ReportSections.E(r.Name)}\" data-status-method=\"{ReportSections.E(r.Method)}\"");
        Append(sb, all, statuses, "All requests", " class=\"total\" data-status-all");
        sb.Append("</tbody></table></div>");
    }

    private static void Append(StringBuilder sb, StatusRow r, IReadOnlyList<string> statuses, string label, string attributes)
    {
        sb.Append($"<tr{attributes}><td>{label}</td><td>{ReportSections.E(r.Method ?? r.Methods)}</td>");
        foreach (var s in statuses)
        {
            var n = r.ByStatus.TryGetValue(s, out var v) ? v : 0;
            sb.Append($"<td class=\"num {(n > 0 ? Class(s) : "")}\" data-status=\"{ReportSections.E(s)}\" data-count=\"{n}\">{(n == 0 ? "<span class=\"zero\">0</span>" : ReportFigures.Count(n))}</td>");
        }
        sb.Append($"<td class=\"num\" data-total=\"{r.Total}\">{ReportFigures.Count(r.Total)}</td></tr>");
    }

    /// <summary>2xx and 3xx read as fine, 4xx as a warning, 5xx and no response as bad.</summary>
    private static string Class(string status) => status switch
    {
        "0" => "s-bad",
        _ when status.StartsWith('5') => "s-bad",
        _ when status.StartsWith('4') => "s-warn",
        _ => "s-ok",
    };
}
