using Rampa.Core.Artifacts;
using Rampa.Core.Reporting;
using Rampa.Storage;

namespace Rampa.Cli.Commands;

/// <summary>
/// <c>rampa report RUN</c>: re-renders a finished run's artifacts (metrics.csv, report.html, junit.xml and the text
/// summary) from its stored summary.json, optionally with other Trend statistics (<c>--trend-stats</c>, read from the
/// encoded histograms). RUN is a run id (under <c>--out-dir</c>, else fetched from the configured store), a run folder,
/// a summary.json file, or the run's blob URL (downloaded into <c>--out-dir/&lt;run-id&gt;/</c>). A local run is
/// re-rendered in its own folder; summary.json itself is never rewritten.
/// </summary>
internal static class ReportCommand
{
    public static async Task<int> ExecuteAsync(CliArguments args, TextWriter output)
    {
        if (args.File is not { } run) throw new CliUsageException("'report' needs a run: a run id, a run folder, a summary.json file or a blob URL");
        var folder = await LocateAsync(args, run, output);
        var summaryPath = Path.Combine(folder, ArtifactWriter.SummaryJson);
        RunReport report;
        try
        {
            await using var stream = File.OpenRead(summaryPath);
            report = SummaryJsonReader.Read(stream);
        }
        catch (SummaryFormatException e)
        {
            throw new CliUsageException($"{summaryPath}: {e.Message}");
        }
        if (args.TrendStats is { } stats) report = report with { TrendStats = stats };
        output.Write(SummaryTextRenderer.Render(report, color: !args.NoColor && !Console.IsOutputRedirected));
        var written = ArtifactWriter.WriteAll(report, folder, includeSummary: false);
        output.WriteLine($"  re-rendered: {Path.GetFullPath(folder)}{Path.DirectorySeparatorChar} ({string.Join(", ", written.Select(Path.GetFileName))}) from {ArtifactWriter.SummaryJson}");
        return 0;
    }

    /// <summary>The local folder holding the run's summary.json, downloaded first when the run is in a blob store.</summary>
    private static async Task<string> LocateAsync(CliArguments args, string run, TextWriter output)
    {
        if (BlobRunLocation.IsUrl(run))
        {
            BlobRunLocation location;
            IArtifactStore store;
            try
            {
                location = BlobRunLocation.Parse(run);
                store = location.ToConfig(ConnectionStringOption(args)).CreateStore();
            }
            catch (ArtifactStoreConfigException e)
            {
                throw new CliUsageException($"'{run}': {e.Message}");
            }
            return await DownloadAsync(store, location.RunId, args, output, run);
        }
        if (File.Exists(run))
        {
            if (!string.Equals(Path.GetFileName(run), ArtifactWriter.SummaryJson, StringComparison.Ordinal))
                throw new CliUsageException($"'{run}' is a file but not a {ArtifactWriter.SummaryJson}");
            return Path.GetDirectoryName(Path.GetFullPath(run))!;
        }
        if (Directory.Exists(run))
        {
            if (!File.Exists(Path.Combine(run, ArtifactWriter.SummaryJson)))
                throw new CliUsageException($"the folder '{run}' has no {ArtifactWriter.SummaryJson}");
            return run;
        }
        if (!ArtifactNames.IsValid(run)) throw new CliUsageException($"'{run}' is not a run id, a folder, a summary.json file or a blob URL");
        var local = Path.Combine(args.OutDir, run);
        if (File.Exists(Path.Combine(local, ArtifactWriter.SummaryJson))) return local;
        if (ArtifactStoreOption.Create(args) is { } configured) return await DownloadAsync(configured, run, args, output, configured.Describe(run));
        throw new CliUsageException($"no run '{run}' in {Path.GetFullPath(args.OutDir)} (give a run id, a run folder, a summary.json file or a blob URL; " +
                                    "--artifacts-blob fetches a run id from a blob store)");
    }

    private static async Task<string> DownloadAsync(IArtifactStore store, string runId, CliArguments args, TextWriter output, string from)
    {
        var folder = Path.Combine(args.OutDir, runId);
        IReadOnlyList<string> names;
        try
        {
            names = await ArtifactDownloader.DownloadAsync(store, runId, folder, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException and not CliUsageException)
        {
            throw new CliUsageException($"could not read the run from {from}: {OneLineError.Of(e)}");
        }
        if (!names.Contains(ArtifactWriter.SummaryJson)) throw new CliUsageException($"{from} holds no {ArtifactWriter.SummaryJson}");
        output.WriteLine($"  fetched {names.Count} artifact(s) from {from} into {Path.GetFullPath(folder)}");
        return folder;
    }

    /// <summary>A connection string given with --artifacts-blob (or RAMPA_ARTIFACTS_BLOB) authenticates a blob URL.</summary>
    private static string? ConnectionStringOption(CliArguments args)
    {
        if (ArtifactStoreOption.Value(args) is not { } value) return null;
        try
        {
            return ArtifactStoreConfig.Parse(value).ConnectionString;
        }
        catch (ArtifactStoreConfigException e)
        {
            throw new CliUsageException($"option --artifacts-blob: {e.Message}");
        }
    }
}
