using Rampa.Core.Reporting;
using Rampa.Orleans.Contracts;

namespace Rampa.Cli.Commands;

/// <summary>
/// Tells the user where a run's artifacts are (and what went wrong with them, if anything), copies summary.json to
/// <c>--summary-export</c>, and appends the Markdown summary to <c>GITHUB_STEP_SUMMARY</c> when that is set.
/// </summary>
internal static class ArtifactReport
{
    public static async Task PrintAsync(TextWriter output, ArtifactOutcome? artifacts, RunReport report, string? summaryExport)
    {
        if (artifacts is { Folder.Length: > 0 } && artifacts.Files.Count > 0)
            output.WriteLine($"  artifacts: {artifacts.Folder}{Path.DirectorySeparatorChar} ({string.Join(", ", artifacts.Files)})");
        if (artifacts?.Uploaded == true) output.WriteLine($"  uploaded:  {artifacts.StoreLocation}");
        if (artifacts?.Problem is { } problem) output.WriteLine($"  warning: {problem}");

        if (summaryExport is not null)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(summaryExport));
            if (dir is not null) Directory.CreateDirectory(dir);
            var written = artifacts is { Folder.Length: > 0 } ? Path.Combine(artifacts.Folder, ArtifactWriter.SummaryJson) : null;
            if (written is not null && File.Exists(written)) File.Copy(written, summaryExport, overwrite: true);
            else await File.WriteAllBytesAsync(summaryExport, SummaryJsonWriter.Write(report));
            output.WriteLine($"  summary exported: {summaryExport}");
        }
        await AppendStepSummaryAsync(output, report);
    }

    /// <summary>GitHub Actions shows what a step appends to the file named by GITHUB_STEP_SUMMARY on the run's page.</summary>
    public static async Task AppendStepSummaryAsync(TextWriter output, RunReport report)
    {
        var path = Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY");
        if (string.IsNullOrWhiteSpace(path)) return;
        try
        {
            await File.AppendAllTextAsync(path, MarkdownSummaryWriter.Render(report));
            output.WriteLine($"  step summary: appended to {path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            output.WriteLine($"  warning: could not append the step summary to {path}: {e.Message}");
        }
    }
}
