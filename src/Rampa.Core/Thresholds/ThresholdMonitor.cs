using Rampa.Core.Metrics;

namespace Rampa.Core.Thresholds;

/// <summary>
/// One live evaluation of a run's thresholds (docs/semantics.md#thresholds: every 2 s, on the merged totals of the whole cluster).
/// <see cref="Abort"/> is the first <c>abortOnFail</c> threshold that failed once its <c>delayAbortEval</c> had passed;
/// when it is set the run must stop.
/// </summary>
public sealed record ThresholdCheck(IReadOnlyList<ThresholdResult> Results, ThresholdResult? Abort)
{
    /// <summary>Expressions judged failing (series with no samples are skipped, so never count).</summary>
    public int Failing => Results.Count(r => !r.Passed);

    /// <summary>Expressions that had samples to judge.</summary>
    public int Evaluated => Results.Count(r => !r.NoData);

    /// <summary>The stop reason a threshold abort records, e.g. <c>threshold 'http_req_failed: rate&lt;0.1' crossed (abortOnFail)</c>.</summary>
    public static string StopReason(ThresholdResult abort) => $"threshold '{Describe(abort)}' crossed (abortOnFail)";

    /// <summary><c>key: expression</c>, e.g. <c>http_req_failed: rate&lt;0.1</c>.</summary>
    public static string Describe(ThresholdResult result) => $"{result.Key}: {result.Expression}";
}

/// <summary>
/// The live threshold logic the orchestrator runs during a run, kept out of the grain: given the thresholds, the merged
/// totals so far and the time elapsed since the run's start, the verdicts and whether an <c>abortOnFail</c> threshold
/// stops the run. Series with no samples are skipped (they pass until the end). Counter <c>rate</c> is per second of
/// <paramref name="elapsed"/>.
/// </summary>
public static class ThresholdMonitor
{
    /// <summary>How often the orchestrator evaluates thresholds during a run.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    public static ThresholdCheck Check(IReadOnlyList<ThresholdSpec> specs, MetricSnapshot totals, TimeSpan elapsed)
    {
        if (elapsed < TimeSpan.Zero) elapsed = TimeSpan.Zero;
        var results = new List<ThresholdResult>();
        ThresholdResult? abort = null;
        foreach (var spec in specs)
        {
            foreach (var expr in spec.Expressions)
            {
                var result = ThresholdEvaluator.Evaluate(spec, expr, totals, elapsed);
                results.Add(result);
                if (abort is null && !result.Passed && !result.NoData && expr.AbortOnFail && elapsed >= expr.DelayAbortEval)
                    abort = result;
            }
        }
        return new ThresholdCheck(results, abort);
    }

    /// <summary>Whether any threshold could stop the run, i.e. live evaluation can change its course.</summary>
    public static bool HasAbortingThresholds(IReadOnlyList<ThresholdSpec> specs) =>
        specs.Any(s => s.Expressions.Any(e => e.AbortOnFail));
}
