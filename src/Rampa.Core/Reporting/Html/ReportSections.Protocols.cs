using System.Text;
using Rampa.Core.Metrics;
using Rampa.Core.Protocols;

namespace Rampa.Core.Reporting.Html;

/// <summary>A section per protocol with steps of its own that the run used: its metrics per step name.</summary>
internal static partial class ReportSections
{
    public static void Protocols(StringBuilder sb, RunReport report)
    {
        foreach (var protocol in ProtocolCatalog.All)
        {
            var metrics = protocol.Metrics.Select(m => m.Name).Where(n => report.Metrics.OfMetric(n).Any()).ToList();
            if (metrics.Count == 0) continue;
            var names = metrics.SelectMany(m => report.Metrics.OfMetric(m)).Select(s => s.Key.Tag("name") ?? "")
                .Distinct().Order(StringComparer.Ordinal).ToList();
            SectionStart(sb, "protocol-" + protocol.StepKey, protocol.Name, $"{names.Count} by name");
            sb.Append("<div class=\"scroll\"><table class=\"grid metrics\"><thead><tr><th>Name</th><th>Metric</th><th>Values</th></tr></thead><tbody>");
            foreach (var name in names)
            {
                var filter = new Dictionary<string, string> { ["name"] = name };
                foreach (var metric in metrics)
                {
                    if (report.Metrics.Total(metric, filter) is not { } total) continue;
                    var def = report.Metrics.OfMetric(metric).First().Key.Metric;
                    var values = SummaryTextRenderer.Values(total, def.Unit, report);
                    sb.Append($"<tr data-protocol-metric=\"{E(metric)}\" data-name=\"{E(name)}\"><td>{E(name)}</td><td><code>{E(metric)}</code></td>")
                      .Append($"<td class=\"values\">{E(string.Join(' ', values.Split(' ', StringSplitOptions.RemoveEmptyEntries)))}</td></tr>");
                }
            }
            sb.Append("</tbody></table></div>");
            SectionEnd(sb);
        }
    }
}
