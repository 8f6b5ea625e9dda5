namespace Rampa.Core.Reporting;

/// <summary>
/// Writes a run's artifact set into one folder: summary.json (the source every other artifact can be re-rendered
/// from), metrics.csv, report.html and junit.xml. Each file is streamed to disk and written under a temporary name
/// first, so a reader never sees half a file.
/// </summary>
public static class ArtifactWriter
{
    public const string SummaryJson = "summary.json";
    public const string MetricsCsv = "metrics.csv";
    public const string ReportHtml = "report.html";
    public const string JunitXml = "junit.xml";

    /// <summary>Writes every artifact; returns their paths in the order written.</summary>
    public static IReadOnlyList<string> WriteAll(RunReport report, string folder, bool includeSummary = true)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        if (includeSummary) written.Add(WriteFile(folder, SummaryJson, s => SummaryJsonWriter.Write(report, s)));
        written.Add(WriteFile(folder, MetricsCsv, s => MetricsCsvWriter.Write(report, s)));
        written.Add(WriteFile(folder, ReportHtml, s => Html.ReportHtmlWriter.Write(report, s)));
        written.Add(WriteFile(folder, JunitXml, s => JunitXmlWriter.Write(report, s)));
        return written;
    }

    private static string WriteFile(string folder, string name, Action<Stream> write)
    {
        var path = Path.Combine(folder, name);
        var temp = path + ".partial";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
        {
            write(stream);
        }
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
