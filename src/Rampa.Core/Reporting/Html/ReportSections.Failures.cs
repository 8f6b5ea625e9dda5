using System.Globalization;
using System.Text;

namespace Rampa.Core.Reporting.Html;

/// <summary>
/// The report's "why did it fail?" parts (<see cref="FailureSummary"/>): a banner under the header naming the most
/// frequent failure when most requests failed, and the Failures section: per request name, its top classes with k6 error code, count, share of
/// that name's requests and a sample message. Kept apart from the other sections (and their styles in
/// <c>report-failures.css</c>) so each can change on its own.
/// </summary>
internal static partial class ReportSections
{
    /// <summary>Failures become the page's headline (a banner under the header) when at least this share of requests failed.</summary>
    public const double BannerShare = 0.5;

    /// <summary>
    /// One line at the top when most requests failed: how many, the most frequent class and its example. Fewer
    /// failures are left to the Failures section, so a run that mostly worked does not open on a red banner.
    /// </summary>
    public static void FailureBanner(StringBuilder sb, RunReport report, FailureSummary failures)
    {
        if (!failures.Any || failures.Share < BannerShare) return;
        var top = failures.Overall[0];
        sb.Append($"<div class=\"banner bad failures-banner\" data-failures-banner><strong>{ReportFigures.Count(failures.Failed)} of {ReportFigures.Count(failures.Requests)} requests failed</strong> ")
          .Append($"({FailureSummary.Percent(failures.Share)}); most often <strong>{E(top.Class.Name)}</strong>{(top.Class.Code is { } c ? $" (error code {c})" : "")}")
          .Append(top.Message is null ? "" : $": <code>{E(top.Message)}</code>")
          .Append(". See <strong>Failures</strong> below.</div>");
    }

    public static void Failures(StringBuilder sb, RunReport report, FailureSummary failures)
    {
        SectionStart(sb, "failures", "Failures", failures.Any
            ? $"{ReportFigures.Count(failures.Failed)} of {ReportFigures.Count(failures.Requests)} requests failed ({FailureSummary.Percent(failures.Share)})"
            : "none");
        if (!failures.Any) { Empty(sb, failures.Requests == 0 ? "No HTTP requests were recorded." : "No request failed."); SectionEnd(sb); return; }
        sb.Append("<div class=\"scroll\"><table class=\"grid failures\"><thead><tr><th>Request</th><th class=\"num\">Code</th><th>Class</th>")
          .Append("<th class=\"num\">Count</th><th class=\"bar-col\">Share of its requests</th><th>Sample message</th></tr></thead>");
        foreach (var request in failures.ByRequest)
        {
            var shown = request.Classes.Take(FailureSummary.TopClasses).ToList();
            sb.Append($"<tbody data-failure-request=\"{E(request.Name)}\">");
            for (var i = 0; i < shown.Count; i++)
            {
                var row = shown[i];
                sb.Append($"<tr data-failure-code=\"{E(row.Class.CodeText)}\" data-failure-class=\"{E(row.Class.Name)}\" data-count=\"{row.Count.ToString(CultureInfo.InvariantCulture)}\">");
                if (i == 0)
                    sb.Append($"<th scope=\"rowgroup\" rowspan=\"{shown.Count}\" class=\"failure-request\"><code>{E(request.Name)}</code>")
                      .Append($"<small>{ReportFigures.Count(request.Failed)} of {ReportFigures.Count(request.Requests)} failed ({FailureSummary.Percent(request.Share)})</small></th>");
                var share = (row.Share * 100).ToString("0.##", CultureInfo.InvariantCulture);
                sb.Append($"<td class=\"num\"><span class=\"code-pill{(row.Class.IsNetwork ? " network" : "")}\">{E(row.Class.CodeText)}</span></td>")
                  .Append($"<td><strong>{E(row.Class.Name)}</strong><small class=\"failure-description\">{E(row.Class.Description)}</small></td>")
                  .Append($"<td class=\"num\">{ReportFigures.Count(row.Count)}</td>")
                  .Append($"<td class=\"bar-col\"><span class=\"bar bad\"><span style=\"width:{share}%\"></span></span> {FailureSummary.Percent(row.Share)}</td>")
                  .Append($"<td class=\"failure-message\">{(row.Message is null ? ReportFigures.None : $"<code>{E(row.Message)}</code>")}</td></tr>");
            }
            if (request.Classes.Count > shown.Count)
                sb.Append($"<tr class=\"more\"><td></td><td colspan=\"5\">and {request.Classes.Count - shown.Count} more classes (summary.json lists them all)</td></tr>");
            sb.Append("</tbody>");
        }
        sb.Append("</table></div>");
        SectionEnd(sb);
    }
}
