namespace Rampa.Core.Metrics;

/// <summary>
/// Merges the interval snapshots of every silo into the run's totals: the logic of a histogram grain.
/// A snapshot is applied once per (silo, sequence), so a retried flush is never counted twice. Gauges are
/// per silo (the cluster value is the sum of every silo's latest value); everything else adds up.
/// </summary>
public sealed class MetricAggregator
{
    private readonly MetricSnapshot _total = new();
    private readonly HashSet<(string Silo, long Seq)> _applied = new();
    private readonly Dictionary<SeriesKey, Dictionary<string, double>> _gaugeBySilo = new();

    public int AppliedCount => _applied.Count;

    /// <summary>Applies one interval snapshot; returns false (and changes nothing) when it was applied before.</summary>
    public bool Apply(string silo, long sequence, MetricSnapshot interval)
    {
        if (!_applied.Add((silo, sequence))) return false;
        foreach (var (key, data) in interval.Series)
        {
            if (key.Metric.Type != MetricType.Gauge) { _total.Merge(key, data); continue; }
            if (data.Count == 0) continue;
            if (!_gaugeBySilo.TryGetValue(key, out var bySilo)) _gaugeBySilo[key] = bySilo = new();
            bySilo[silo] = data.Last;
            if (!_total.Series.TryGetValue(key, out var acc)) _total.Set(key, acc = new SeriesAccumulator(MetricType.Gauge));
            acc.SetGauge(bySilo.Values.Sum());
        }
        return true;
    }

    /// <summary>The merged totals so far (a live view: encode it or read it, don't keep it across applies).</summary>
    public MetricSnapshot Total => _total;
}
