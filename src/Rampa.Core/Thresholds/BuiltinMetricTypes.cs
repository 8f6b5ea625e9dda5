using Rampa.Core.Metrics;

namespace Rampa.Core.Thresholds;

/// <summary>
/// The type of every built-in metric a threshold may name, and which aggregations each type allows
/// (docs/semantics.md#thresholds: Counter <c>count rate</c>; Gauge <c>value</c>; Rate <c>rate</c>; Trend <c>avg min max med p(N)</c>).
/// </summary>
public static class BuiltinMetricTypes
{
    private static readonly (string Name, MetricType Type)[] Table =
    [
        ("http_reqs", MetricType.Counter),
        ("iterations", MetricType.Counter),
        ("dropped_iterations", MetricType.Counter),
        ("data_sent", MetricType.Counter),
        ("data_received", MetricType.Counter),
        ("interrupted_iterations", MetricType.Counter),
        ("iteration_errors", MetricType.Counter),
        ("vus", MetricType.Gauge),
        ("vus_max", MetricType.Gauge),
        ("http_req_failed", MetricType.Rate),
        ("checks", MetricType.Rate),
        ("http_req_duration", MetricType.Trend),
        ("http_req_blocked", MetricType.Trend),
        ("http_req_connecting", MetricType.Trend),
        ("http_req_tls_handshaking", MetricType.Trend),
        ("http_req_sending", MetricType.Trend),
        ("http_req_waiting", MetricType.Trend),
        ("http_req_receiving", MetricType.Trend),
        ("iteration_duration", MetricType.Trend),
        ("iteration_start_lag", MetricType.Trend),
        ("iteration_response_time", MetricType.Trend),
        ("group_duration", MetricType.Trend),
        .. Protocols.ProtocolCatalog.Metrics.Select(m => (m.Name, m.Type)),
    ];

    private static readonly Dictionary<string, MetricType> ByName = Table.ToDictionary(t => t.Name, t => t.Type, StringComparer.Ordinal);

    /// <summary>Every built-in metric name, in the table's order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Table.Select(t => t.Name)];

    public static bool TryGet(string metric, out MetricType type) => ByName.TryGetValue(metric, out type);

    /// <summary>Whether a threshold on a metric of <paramref name="type"/> may use <paramref name="aggregation"/>.</summary>
    public static bool IsAggregationValid(MetricType type, ThresholdAggregation aggregation) => type switch
    {
        MetricType.Counter => aggregation is ThresholdAggregation.Count or ThresholdAggregation.Rate,
        MetricType.Gauge => aggregation is ThresholdAggregation.Value,
        MetricType.Rate => aggregation is ThresholdAggregation.Rate,
        MetricType.Trend => aggregation is ThresholdAggregation.Avg or ThresholdAggregation.Min or ThresholdAggregation.Max
            or ThresholdAggregation.Med or ThresholdAggregation.Percentile,
        _ => false,
    };

    /// <summary>The aggregations a type allows, as a reader would write them: <c>count or rate</c>.</summary>
    public static string DescribeAggregations(MetricType type) => type switch
    {
        MetricType.Counter => "count or rate",
        MetricType.Gauge => "value",
        MetricType.Rate => "rate",
        _ => "avg, min, med, max or p(N)",
    };

    /// <summary>Built-in names close to <paramref name="metric"/> (a typo, a different case), best first.</summary>
    public static IReadOnlyList<string> CloseMatches(string metric) => Scenarios.Yaml.Suggest.Close(metric, Names);
}
