using System.Globalization;
using System.Text;

namespace Rampa.Core.Reporting.Html;

/// <summary>
/// The response-time distribution as a static table: one row per range with a bar, the count, its share and the
/// cumulative share over all requests, then one count column per request name. Static HTML, so it reads the same with
/// scripting off and in print.
/// </summary>
internal static class ReportDistributionSection
{
    public static void Write(StringBuilder sb, RunReport report)
    {
        var d = ResponseTimeDistribution.Build(report);
        var all = d.All;
        var responded = all.Total - all.NoResponse;
        ReportSections.SectionStart(sb, "distribution", "Response time distribution",
            all.Total == 0 ? "none recorded" : $"http_req_duration of {ReportFigures.Count(all.Total)} requests");
        if (all.Total == 0) { ReportSections.Empty(sb, "No HTTP requests were recorded."); ReportSections.SectionEnd(sb); return; }
        if (responded == 0)
            ReportSections.Empty(sb, $"No responses: all {ReportFigures.Count(all.Total)} requests failed before a response came (status 0), so there is no response time to show.");

        var names = d.Series.Skip(1).ToList();
        var max = Math.Max(1, all.Counts.DefaultIfEmpty(0).Max());
        sb.Append("<div class=\"scroll\"><table class=\"grid dist\"><thead><tr><th>Response time</th><th class=\"bar-col\">Share</th><th class=\"num\">Requests</th><th class=\"num\">Cumulative</th>");
        foreach (var n in names) sb.Append($"<th class=\"num\" title=\"{ReportSections.E(n.Name)}\"><code>{ReportSections.E(n.Name)}</code></th>");
        sb.Append("</tr></thead><tbody>");
        long running = 0;
        for (var i = 0; i < d.Ranges.Count; i++)
        {
            running += all.Counts[i];
            Row(sb, d.Ranges[i], "", all.Counts[i], max, all.Total, ReportFigures.Percent(running, all.Total), names.Select(n => n.Counts[i]));
        }
        if (all.NoResponse > 0)
            Row(sb, "no response", " class=\"noresp\"", all.NoResponse, Math.Max(max, all.NoResponse), all.Total, "100.00%", names.Select(n => n.NoResponse));
        sb.Append("</tbody></table></div>");
        ReportSections.SectionEnd(sb);
    }

    private static void Row(StringBuilder sb, string range, string cls, long count, long max, long total, string cumulative, IEnumerable<long> perName)
    {
        var width = (100.0 * count / max).ToString("0.##", CultureInfo.InvariantCulture);
        sb.Append($"<tr data-range=\"{ReportSections.E(range)}\"{cls}><td>{ReportSections.E(range)}</td>")
          .Append($"<td class=\"bar-col\"><span class=\"bar dist-bar\"><span style=\"width:{width}%\"></span></span> {ReportFigures.Percent(count, total)}</td>")
          .Append($"<td class=\"num\" data-count=\"{count}\">{ReportFigures.Count(count)}</td><td class=\"num\">{cumulative}</td>");
        foreach (var c in perName) sb.Append($"<td class=\"num\" data-name-count=\"{c}\">{(c == 0 ? "<span class=\"zero\">0</span>" : ReportFigures.Count(c))}</td>");
        sb.Append("</tr>");
    }
}
