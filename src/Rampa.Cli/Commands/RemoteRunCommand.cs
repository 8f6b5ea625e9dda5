using Rampa.Cli.Live;
using Rampa.Core;
using Rampa.Core.Artifacts;
using Rampa.Core.Reporting;
using Rampa.Core.Scenarios;

namespace Rampa.Cli.Commands;

/// <summary>
/// <c>rampa run FILE --cluster S</c>: the same scenario on a remote cluster. The file is validated here, the run goes
/// through the storage mailbox, and the summary is printed from the summary.json the cluster wrote (fetched into
/// <c>--out-dir/&lt;run-id&gt;/</c>), so it reads exactly as on the embedded default.
/// </summary>
internal static class RemoteRunCommand
{
    public static async Task<int> ExecuteAsync(CliArguments args, LoadedScenario scenario, ClusterOption cluster, TextWriter output)
    {
        var (source, plan) = (scenario.Source, scenario.Plan);
        var runId = RunCommand.NewRunId();
        var seed = plan.SeedFromFile ? plan.Seed : System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue);
        var request = RunDriver.CreateRequest(runId, source, seed, scenario.Code);
        if (request.Code is { } code)
        {
            // The silos fetch the code from storage (bundles/<hash>/), never from this machine's build folder.
            await cluster.Bundles.UploadAsync(code.Hash, code.LocalFolder!, code.Files, CancellationToken.None);
            request = request with { Code = code with { LocalFolder = null } };
        }
        if (DataInput.Bundle(scenario) is { } data)
        {
            // The silos read the data files from storage (bundles/<hash>/), like the code.
            await cluster.Bundles.UploadAsync(data.Hash, data.LocalFolder!, data.Files, CancellationToken.None);
            request = request with { Data = data with { LocalFolder = null } };
        }
        output.WriteLine($"rampa {RampaVersion.Current}  run {runId}  {scenario.Describe}  on the cluster at {cluster.Describe}  {plan.Scenarios.Count} scenario(s): " +
                         string.Join(", ", plan.Scenarios.Select(s => $"{s.Name} ({s.Executor.Kind}, {s.Executor.MaxVus} VUs)")));
        await using var live = LiveOutputs.Open(args, output);
        live.Begin(new LiveRunInfo(runId, scenario.Describe, plan.Scenarios.Select(s => s.Name).ToList()));
        var planned = plan.Scenarios.Select(s => s.Executor.StartTime + s.Executor.HardDuration).DefaultIfEmpty().Max();
        var status = await new RemoteRunDriver(cluster.Mailbox, output, live).RunAsync(request, planned);

        var folder = Path.Combine(args.OutDir, runId);
        IReadOnlyList<string> fetched = [];
        try
        {
            if (status.Artifacts?.StoreLocation is not null)
                fetched = await ArtifactDownloader.DownloadAsync(cluster.Artifacts, runId, folder, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            output.WriteLine($"  warning: could not fetch the artifacts from {cluster.Artifacts.Describe(runId)}: {OneLineError.Of(e)}");
        }
        if (!fetched.Contains(ArtifactWriter.SummaryJson))
        {
            output.WriteLine($"  run {runId}: {status.State}{(status.Error is null ? "" : ": " + status.Error)}");
            if (status.Artifacts?.Problem is { } problem) output.WriteLine($"  warning: {problem}");
            return status.State == Rampa.Orleans.Contracts.RunState.Interrupted ? ExitCodes.Interrupted : ExitCodes.RunFailed;
        }
        RunReport report;
        await using (var stream = File.OpenRead(Path.Combine(folder, ArtifactWriter.SummaryJson)))
            report = SummaryJsonReader.Read(stream);
        output.Write(SummaryTextRenderer.Render(report, color: !args.NoColor && !Console.IsOutputRedirected));
        var local = new Rampa.Orleans.Contracts.ArtifactOutcome
        {
            Folder = Path.GetFullPath(folder),
            Files = fetched.ToList(),
            StoreLocation = status.Artifacts?.StoreLocation,
            Uploaded = status.Artifacts?.Uploaded ?? false,
            Problem = status.Artifacts?.Problem,
        };
        await ArtifactReport.PrintAsync(output, local, report, args.SummaryExport);
        return report.ProcessExitCode(args.FailOnSaturation);
    }
}
