using System.Security.Cryptography;
using Rampa.Core;
using Rampa.Core.Reporting;
using Rampa.Core.Scenarios;
using Rampa.Orleans.Reporting;

namespace Rampa.Cli.Commands;

/// <summary><c>rampa run FILE</c>: validate, start the embedded cluster, drive the run, write the summary, exit with its verdict.</summary>
internal static class RunCommand
{
    public static async Task<int> ExecuteAsync(CliArguments args, ScenarioSource source, TextWriter output)
    {
        var plan = ScenarioInput.Load(source);
        var runId = NewRunId();
        var seed = plan.SeedFromFile ? plan.Seed : RandomNumberGenerator.GetInt32(int.MaxValue);
        var request = RunDriver.CreateRequest(runId, source, seed);
        output.WriteLine($"rampa {RampaVersion.Current}  run {runId}  {source.FileName}  {plan.Scenarios.Count} scenario(s): " +
                         string.Join(", ", plan.Scenarios.Select(s => $"{s.Name} ({s.Executor.Kind}, {s.Executor.MaxVus} VUs)")));

        Rampa.Orleans.Contracts.RunResult result;
        await using (var cluster = await EmbeddedCluster.StartAsync($"rampa-{runId}"))
        {
            result = await new RunDriver(cluster.Client, output, args.Quiet).RunAsync(request);
        }
        var report = RunReportFactory.Create(request, plan with { Seed = seed }, result);
        output.Write(SummaryTextRenderer.Render(report, color: !args.NoColor && !Console.IsOutputRedirected));

        var folder = Path.Combine(args.OutDir, runId);
        Directory.CreateDirectory(folder);
        var json = SummaryJsonWriter.Write(report);
        var summaryPath = Path.Combine(folder, "summary.json");
        await File.WriteAllBytesAsync(summaryPath, json);
        output.WriteLine($"  summary: {summaryPath}");
        if (args.SummaryExport is { } export)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(export));
            if (dir is not null) Directory.CreateDirectory(dir);
            await File.WriteAllBytesAsync(export, json);
            output.WriteLine($"  summary exported: {export}");
        }
        return report.ExitCode;
    }

    /// <summary>Sortable and unique enough for one machine: UTC time plus 4 random hex digits.</summary>
    public static string NewRunId() =>
        $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}";
}
