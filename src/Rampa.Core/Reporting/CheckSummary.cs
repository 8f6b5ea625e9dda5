using Rampa.Core.Metrics;

namespace Rampa.Core.Reporting;

/// <summary>One named check over the whole run (all its series: every scenario, request and group it ran in).</summary>
public sealed record CheckSummary(string Name, long Passes, long Fails)
{
    public double Rate => Passes + Fails == 0 ? 0 : (double)Passes / (Passes + Fails);

    /// <summary>Every check of the run by its <c>check</c> tag, in name order.</summary>
    public static IReadOnlyList<CheckSummary> Of(MetricSnapshot metrics) =>
        metrics.OfMetric(BuiltinMetrics.Checks.Name)
            .GroupBy(c => c.Key.Tag("check") ?? "?")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CheckSummary(g.Key, g.Sum(c => c.Value.NonZero), g.Sum(c => c.Value.Count - c.Value.NonZero)))
            .ToList();
}
