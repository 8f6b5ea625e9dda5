using Rampa.Core.Metrics;
using Rampa.Core.Reporting;

namespace Rampa.Core.Thresholds;

/// <summary>The verdict on one threshold expression.</summary>
public sealed record ThresholdResult(string Key, string Expression, double? Observed, bool Passed, bool AbortOnFail)
{
    /// <summary>
    /// True when the (sub-)metric had no samples: nothing to judge. It passes, shown as "no samples", unless strict
    /// thresholds were asked for (then <see cref="Passed"/> is false: <see cref="FailedForNoSamples"/>).
    /// </summary>
    public bool NoData => Observed is null;

    /// <summary>A threshold with no samples that failed because the run asked for strict thresholds.</summary>
    public bool FailedForNoSamples => NoData && !Passed;

    /// <summary>True for the <c>abortOnFail</c> threshold that stopped the run during it.</summary>
    public bool AbortedRun { get; init; }

    /// <summary>When <see cref="NoData"/>: the filter that matched nothing and what exists instead (null for older summaries).</summary>
    public ThresholdNoSamples? NoSamples { get; init; }
}

/// <summary>
/// Evaluates thresholds on merged metrics (the whole cluster's data). Times compare in milliseconds; Counter
/// <c>rate</c> is per second of the test; Rate <c>rate</c> is the share of non-zero samples. A threshold whose
/// (sub-)metric has no samples passes, marked as such, unless <c>strict</c>: then it fails.
/// </summary>
public static class ThresholdEvaluator
{
    public static IReadOnlyList<ThresholdResult> Evaluate(IEnumerable<ThresholdSpec> specs, MetricSnapshot metrics, TimeSpan duration, bool strict = false) =>
        specs.SelectMany(spec => spec.Expressions.Select(e => Evaluate(spec, e, metrics, duration, strict))).ToList();

    public static ThresholdResult Evaluate(ThresholdSpec spec, ThresholdExpression expr, MetricSnapshot metrics, TimeSpan duration, bool strict = false)
    {
        var acc = metrics.Total(spec.Metric, spec.TagFilter.Count == 0 ? null : spec.TagFilter);
        if (acc is null || acc.Count == 0)
            return new(spec.Key, expr.Source, null, !strict, expr.AbortOnFail) { NoSamples = ThresholdNoSamples.Of(spec, metrics) };
        var unit = metrics.Series.Keys.First(k => k.Metric.Name == spec.Metric).Metric.Unit;
        var observed = Observe(acc, unit, expr, duration);
        return new(spec.Key, expr.Source, observed, Compare(observed, expr.Operator, expr.Value), expr.AbortOnFail);
    }

    public static double Observe(SeriesAccumulator acc, MetricUnit unit, ThresholdExpression expr, TimeSpan duration) =>
        (acc.Type, expr.Aggregation) switch
        {
            (MetricType.Counter, ThresholdAggregation.Count) => acc.Sum,
            (MetricType.Counter, ThresholdAggregation.Rate) => MetricValues.PerSecond(acc.Sum, duration),
            (MetricType.Gauge, ThresholdAggregation.Value) => acc.Last,
            (MetricType.Rate, ThresholdAggregation.Rate) => acc.Count == 0 ? 0 : (double)acc.NonZero / acc.Count,
            (MetricType.Trend, ThresholdAggregation.Avg) => MetricValues.TrendStat(acc, unit, "avg")!.Value,
            (MetricType.Trend, ThresholdAggregation.Min) => MetricValues.TrendStat(acc, unit, "min")!.Value,
            (MetricType.Trend, ThresholdAggregation.Max) => MetricValues.TrendStat(acc, unit, "max")!.Value,
            (MetricType.Trend, ThresholdAggregation.Med) => MetricValues.TrendStat(acc, unit, "med")!.Value,
            (MetricType.Trend, ThresholdAggregation.Percentile) => acc.Percentile(expr.Percentile ?? 0) / (unit == MetricUnit.Time ? 1000.0 : 1.0),
            _ => double.NaN,
        };

    public static bool Compare(double observed, ThresholdOperator op, double value) => op switch
    {
        ThresholdOperator.Greater => observed > value,
        ThresholdOperator.GreaterOrEqual => observed >= value,
        ThresholdOperator.Less => observed < value,
        ThresholdOperator.LessOrEqual => observed <= value,
        ThresholdOperator.Equal or ThresholdOperator.StrictEqual => observed == value,
        ThresholdOperator.NotEqual => observed != value,
        _ => false,
    };
}
