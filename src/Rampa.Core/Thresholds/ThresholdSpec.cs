using Rampa.Core.Scenarios;

namespace Rampa.Core.Thresholds;

/// <summary>Comparison in a threshold expression.</summary>
public enum ThresholdOperator { Greater, GreaterOrEqual, Less, LessOrEqual, Equal, StrictEqual, NotEqual }

/// <summary>
/// What a threshold reads from a metric: <c>count</c>, <c>rate</c>, <c>value</c>, <c>avg</c>, <c>min</c>, <c>max</c>,
/// <c>med</c>, or <c>p(N)</c> (then <see cref="ThresholdExpression.Percentile"/> holds N).
/// </summary>
public enum ThresholdAggregation { Count, Rate, Value, Avg, Min, Max, Med, Percentile }

/// <summary>One parsed expression such as <c>p(95)&lt;300</c>, with its abort options.</summary>
public sealed record ThresholdExpression
{
    public required string Source { get; init; }
    public required ThresholdAggregation Aggregation { get; init; }
    /// <summary>N of <c>p(N)</c>, 0..100; null for other aggregations.</summary>
    public double? Percentile { get; init; }
    public required ThresholdOperator Operator { get; init; }
    public required double Value { get; init; }
    public bool AbortOnFail { get; init; }
    public TimeSpan DelayAbortEval { get; init; }
    public SourceLocation Location { get; init; }
}

/// <summary>The thresholds on one metric or tagged sub-metric, e.g. <c>http_req_duration{name:home}</c>.</summary>
public sealed record ThresholdSpec
{
    /// <summary>The key as written, e.g. <c>http_req_duration{name:home}</c>.</summary>
    public required string Key { get; init; }
    public required string Metric { get; init; }
    public IReadOnlyDictionary<string, string> TagFilter { get; init; } = new Dictionary<string, string>();
    public required IReadOnlyList<ThresholdExpression> Expressions { get; init; }
}
