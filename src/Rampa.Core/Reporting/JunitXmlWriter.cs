using System.Globalization;
using System.Xml;

namespace Rampa.Core.Reporting;

/// <summary>
/// Writes junit.xml for CI systems: one test case per threshold expression (failed ones carry a <c>failure</c> with the
/// observed value; one whose metric had no samples is <c>skipped</c>, or a <c>failure</c> under strict thresholds), in a suite named after the run; a run that did not complete adds a test case <c>run</c> that fails
/// with its state and error, so a broken run is never a green build. Properties carry the run's id, state and exit code.
/// </summary>
public static class JunitXmlWriter
{
    public static void Write(RunReport report, Stream output)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false), CloseOutput = false };
        using var w = XmlWriter.Create(output, settings);
        var runFailed = report.State is not ("completed");
        var tests = report.Thresholds.Count + (runFailed ? 1 : 0);
        var failures = report.Thresholds.Count(t => !t.Passed) + (runFailed ? 1 : 0);
        // A threshold with no samples was not judged: a skipped test case, so CI shows it apart from a pass.
        var skipped = report.Thresholds.Count(t => t.NoData && t.Passed);
        var seconds = report.Duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var suite = "rampa." + (report.Name ?? Path.GetFileNameWithoutExtension(report.ScenarioFile));

        w.WriteStartDocument();
        w.WriteStartElement("testsuites");
        w.WriteAttributeString("name", "rampa");
        w.WriteAttributeString("tests", tests.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("time", seconds);
        w.WriteStartElement("testsuite");
        w.WriteAttributeString("name", suite);
        w.WriteAttributeString("tests", tests.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("errors", "0");
        w.WriteAttributeString("skipped", skipped.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("time", seconds);
        w.WriteAttributeString("timestamp", report.StartUtc.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));

        w.WriteStartElement("properties");
        Property(w, "run.id", report.RunId);
        Property(w, "run.state", report.State);
        Property(w, "run.exitCode", report.ExitCode.ToString(CultureInfo.InvariantCulture));
        Property(w, "scenario.file", report.ScenarioFile);
        Property(w, "scenario.hash", report.ScenarioHash);
        Property(w, "seed", report.Seed.ToString(CultureInfo.InvariantCulture));
        w.WriteEndElement();

        if (runFailed)
        {
            w.WriteStartElement("testcase");
            w.WriteAttributeString("name", "run");
            w.WriteAttributeString("classname", suite);
            w.WriteAttributeString("time", seconds);
            w.WriteStartElement("failure");
            var reason = report.State switch
            {
                "aborted-by-threshold" => $"aborted by threshold {report.AbortedBy}",
                "interrupted" => "interrupted" + (report.StopReason is null ? "" : ": " + report.StopReason),
                _ => "failed" + (report.Error is null ? "" : ": " + report.Error),
            };
            w.WriteAttributeString("message", reason);
            w.WriteAttributeString("type", report.State);
            w.WriteString($"state {report.State}, exit code {report.ExitCode}");
            w.WriteEndElement();
            w.WriteEndElement();
        }

        foreach (var t in report.Thresholds)
        {
            w.WriteStartElement("testcase");
            w.WriteAttributeString("name", $"{t.Key}: {t.Expression}");
            w.WriteAttributeString("classname", suite + ".thresholds");
            w.WriteAttributeString("time", "0");
            var observed = t.Observed is { } v ? v.ToString("0.######", CultureInfo.InvariantCulture) : "no data";
            if (t.NoData)
            {
                var why = SummaryTextRenderer.NoSamples(t);
                w.WriteStartElement(t.Passed ? "skipped" : "failure");
                w.WriteAttributeString("message", $"{t.Key}: {t.Expression}: {why}");
                if (!t.Passed) w.WriteAttributeString("type", "threshold-no-samples");
                w.WriteString(why);
                w.WriteEndElement();
            }
            else if (!t.Passed)
            {
                w.WriteStartElement("failure");
                w.WriteAttributeString("message", $"{t.Key}: {t.Expression} failed (observed {observed})" + (t.AbortedRun ? "; it aborted the run" : ""));
                w.WriteAttributeString("type", "threshold");
                w.WriteString($"observed {observed}");
                w.WriteEndElement();
            }
            else
            {
                w.WriteElementString("system-out", $"observed {observed}");
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void Property(XmlWriter w, string name, string value)
    {
        w.WriteStartElement("property");
        w.WriteAttributeString("name", name);
        w.WriteAttributeString("value", value);
        w.WriteEndElement();
    }
}
