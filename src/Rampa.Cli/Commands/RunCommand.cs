using System.Security.Cryptography;
using Rampa.Cli.Live;
using Rampa.Core;
using Rampa.Core.Artifacts;
using Rampa.Core.Reporting;
using Rampa.Core.Scenarios;
using Rampa.Orleans.Contracts;
using Rampa.Orleans.Reporting;

namespace Rampa.Cli.Commands;

/// <summary>
/// <c>rampa run FILE</c>: validate, start the embedded cluster, drive the run, print the summary and where the
/// artifacts went (the orchestrator writes them), exit with the run's verdict.
/// </summary>
internal static class RunCommand
{
    public static async Task<int> ExecuteAsync(CliArguments args, LoadedScenario scenario, TextWriter output)
    {
        var (source, plan) = (scenario.Source, scenario.Plan);
        if (ClusterOption.Create(args) is { } remote) return await RemoteRunCommand.ExecuteAsync(args, scenario, remote, output);
        var store = ArtifactStoreOption.Create(args);
        var runId = NewRunId();
        var seed = plan.SeedFromFile ? plan.Seed : RandomNumberGenerator.GetInt32(int.MaxValue);
        var request = RunDriver.CreateRequest(runId, source, seed, scenario.Code);
        await using var live = LiveOutputs.Open(args, output);
        live.Begin(new LiveRunInfo(runId, scenario.Describe, plan.Scenarios.Select(s => s.Name).ToList()));
        output.WriteLine($"rampa {RampaVersion.Current}  run {runId}  {scenario.Describe}  {plan.Scenarios.Count} scenario(s): " +
                         string.Join(", ", plan.Scenarios.Select(s => $"{s.Name} ({s.Executor.Kind}, {s.Executor.MaxVus} VUs)")));

        RunResult result;
        long? heldAtEnd = null;
        await using (var cluster = await EmbeddedCluster.StartAsync($"rampa-{runId}", artifacts =>
                     {
                         artifacts.LocalRoot = args.OutDir;
                         artifacts.Store = store;
                     }))
        {
            result = await new RunDriver(cluster.Client, live).RunAsync(request);
            // bench/artifact-memory.sh: what the silo (orchestrator, histogram grains) still holds at the end of a run.
            if (Environment.GetEnvironmentVariable("RAMPA_MEMORY_REPORT") == "1") heldAtEnd = GC.GetTotalMemory(forceFullCollection: true);
        }
        var report = RunReportFactory.Create(request, plan with { Seed = seed }, result);
        output.Write(SummaryTextRenderer.Render(report, color: !args.NoColor && !Console.IsOutputRedirected));
        await ArtifactReport.PrintAsync(output, result.Status.Artifacts, report, args.SummaryExport);
        if (heldAtEnd is { } held)
        {
            var points = report.TimeSeries.Series.Sum(s => s.Value.Count);
            var buckets = report.TimeSeries.Series.SelectMany(s => s.Value).Sum(p => (long)(p.Histogram?.BucketCount ?? 0));
            output.WriteLine($"  memory: {held / 1024} KiB managed heap held at the end of the run; {report.TimeSeries.Count} series, " +
                             $"{points} per-second points, {buckets} histogram buckets in them");
        }
        return report.ProcessExitCode(args.FailOnSaturation);
    }

    /// <summary>Sortable and unique enough for one machine: UTC time plus 4 random hex digits.</summary>
    public static string NewRunId() =>
        $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}";
}
