using Rampa.Core;
using Rampa.Core.Metrics;
using Rampa.Core.Reporting;
using Rampa.Core.Scenarios;
using Rampa.Core.Thresholds;
using Rampa.Orleans.Contracts;

namespace Rampa.Orleans.Reporting;

/// <summary>Turns a finished run (its status and merged metrics) into the report every artifact is written from.</summary>
public static class RunReportFactory
{
    /// <summary>Builds the report; <paramref name="plan"/> may be a bare plan (no scenarios) when the scenario could not be loaded.</summary>
    public static RunReport Create(RunRequest request, TestPlan plan, RunResult result)
    {
        var status = result.Status;
        var metrics = MetricSnapshotCodec.Decode(result.Metrics);
        var start = status.StartedUtc ?? DateTimeOffset.UtcNow;
        var end = status.EndedUtc ?? start;
        // The final verdicts, once more on the final data (the live ones, every 2 s, only decide an abort).
        // Strictness comes from the plan (file or --strict-thresholds, carried in the request), so the silo that writes the
        // artifacts and the CLI that picks the exit code judge a threshold without samples alike.
        var thresholds = ThresholdEvaluator.Evaluate(plan.Thresholds, metrics, end > start ? end - start : TimeSpan.Zero, plan.StrictThresholds);
        var abort = status.AbortedByThreshold;
        var abortedByThreshold = abort is not null && status.State == RunState.Interrupted;
        if (abortedByThreshold)
            thresholds = thresholds.Select(t => t.Key == abort!.Key && t.Expression == abort.Expression ? t with { AbortedRun = true } : t).ToList();
        var state = status.State switch
        {
            RunState.Completed => "completed",
            RunState.Interrupted when abortedByThreshold => "aborted-by-threshold",
            RunState.Interrupted when Rampa.Core.Data.DataExhaustedException.IsReason(status.AbortedByScenario) => "data-exhausted",
            RunState.Interrupted when status.AbortedByScenario is not null => "aborted-by-scenario",
            RunState.Interrupted => "interrupted",
            _ => "failed",
        };
        var exit = status.State switch
        {
            // docs/semantics.md#exit-codes: 99 also when abortOnFail stopped the run, whatever the final verdict on the final data.
            RunState.Interrupted when abortedByThreshold => ExitCodes.ThresholdsFailed,
            // k6's test.abort: 108, whatever the thresholds say.
            RunState.Interrupted when Rampa.Core.Data.DataExhaustedException.IsReason(status.AbortedByScenario) => ExitCodes.DataExhausted,
            RunState.Interrupted when status.AbortedByScenario is not null => ExitCodes.ScenarioAborted,
            // A setup or teardown that threw.
            RunState.Failed when status.ScenarioCodeFailed => ExitCodes.ScenarioCodeFailed,
            RunState.Interrupted => ExitCodes.Interrupted,
            RunState.Failed => ExitCodes.RunFailed,
            _ when thresholds.Any(t => !t.Passed) => ExitCodes.ThresholdsFailed,
            _ => ExitCodes.Passed,
        };
        var scenarios = plan.Scenarios.Select(s =>
        {
            var p = status.Scenarios.FirstOrDefault(x => x.Name == s.Name);
            return new ScenarioSummary(s.Name, s.Executor.Kind, s.Executor.MaxVus, p?.Completed ?? 0, p?.Interrupted ?? 0,
                s.Executor.StartTime, s.Executor.RegularDuration, s.Executor.GracefulStop);
        }).ToList();
        var timeSeries = metrics.TimeSeries ?? new MetricTimeSeries();
        return new RunReport
        {
            RunId = request.RunId,
            Name = plan.Name,
            ScenarioFile = request.FileName,
            ScenarioHash = request.Code?.Hash ?? request.ToSource().Hash,
            StartUtc = start,
            EndUtc = end,
            Silos = status.Silos,
            RampaVersion = request.RampaVersion,
            Seed = plan.Seed,
            State = state,
            StopReason = status.StopReason,
            AbortedBy = abortedByThreshold ? $"{abort!.Key}: {abort.Expression}" : null,
            Error = status.Error,
            Metrics = metrics,
            TimeSeries = timeSeries,
            TrendStats = plan.SummaryTrendStats,
            Thresholds = thresholds,
            ExitCode = exit,
            Saturation = SaturationJudge.Judge(metrics, timeSeries, scenarios),
            Warnings = status.Warnings,
            Events = status.Events.Select(e => new RunEvent(e.At, e.Kind, e.Message)).ToList(),
            Segments = status.Segments.Select(s => new SegmentSummary(s.Segment, s.Silo, s.Generation, s.Iterations)).ToList(),
            DataSources = status.DataSources.Select(d => new DataSourceSummary(d.Name, d.File, d.Mode, d.Rows, d.Used, d.Lost, d.Wraps, d.Exhausted)).ToList(),
            Scenarios = scenarios,
        };
    }
}
