namespace Rampa.Core.Metrics;

/// <summary>
/// Merges the interval snapshots of every silo into the run's totals and its per-second time series: the logic of a
/// histogram grain. A snapshot is applied once per (silo, sequence), so a retried flush is never counted twice, in the
/// totals or in any second. Gauges are per silo (the cluster value is the sum of every silo's latest value);
/// everything else adds up.
/// <para>
/// The per-second series (<see cref="TimeSeries"/>) keys each interval by the UTC second its silo's flusher took it
/// (<see cref="MetricSnapshot.IntervalUnixSecond"/>; a snapshot without one adds to the totals only). Counters, Rates
/// and Trends add into that second's <see cref="SeriesPoint"/> as they arrive (a Trend's distribution as a
/// <see cref="SparseHistogram"/>: bucket counts add, percentiles are read after the merge). A gauge's second is the sum
/// over silos of each silo's value in that second (its latest sequence there); a silo with no sample in a second
/// inside its own sampled span (a timer tick that slipped over a second boundary) counts with its previous value, so a
/// slipped tick is no dip in the sum, and a silo counts nowhere before its first or after its last sample.
/// </para>
/// <para>
/// Memory per second of the run: one <see cref="SeriesPoint"/> (~88 bytes) per series with data in that second, plus 16
/// bytes per non-empty histogram bucket of each Trend in that second, plus 24 bytes per silo per gauge series. Nothing
/// is proportional to a full 185 KiB histogram per second.
/// </para>
/// </summary>
public sealed class MetricAggregator
{
    private readonly MetricSnapshot _total = new();
    private readonly HashSet<(string Silo, long Seq)> _applied = new();
    private readonly Dictionary<SeriesKey, Dictionary<string, (long Seq, double Value)>> _gaugeBySilo = new();
    /// <summary>Counters, Rates and Trends, merged per second as they arrive.</summary>
    private readonly MetricTimeSeries _seconds = new();
    /// <summary>Gauges: per series, per silo, that silo's value in each second (sorted by second).</summary>
    private readonly Dictionary<SeriesKey, Dictionary<string, List<GaugeSample>>> _gaugeSeconds = new();

    public int AppliedCount => _applied.Count;

    /// <summary>True once (silo, sequence) was applied: lets a caller skip the work of a retried snapshot, e.g. logging it again.</summary>
    public bool HasApplied(string silo, long sequence) => _applied.Contains((silo, sequence));

    /// <summary>Applies one interval snapshot; returns false (and changes nothing) when it was applied before.</summary>
    public bool Apply(string silo, long sequence, MetricSnapshot interval)
    {
        if (!_applied.Add((silo, sequence))) return false;
        var second = interval.IntervalUnixSecond;
        foreach (var (key, data) in interval.Series)
        {
            if (key.Metric.Type != MetricType.Gauge)
            {
                _total.Merge(key, data);
                if (second is { } s) _seconds.Add(key, s, data);
                continue;
            }
            if (data.Count == 0) continue;
            if (!_gaugeBySilo.TryGetValue(key, out var bySilo)) _gaugeBySilo[key] = bySilo = new();
            // A silo's latest value is its highest sequence's, whatever order a retry delivered them in.
            if (!bySilo.TryGetValue(silo, out var latest) || sequence > latest.Seq) bySilo[silo] = (sequence, data.Last);
            if (!_total.Series.TryGetValue(key, out var acc)) _total.Set(key, acc = new SeriesAccumulator(MetricType.Gauge));
            acc.SetGauge(bySilo.Values.Sum(v => v.Value));
            if (second is { } gs) RecordGaugeSecond(key, silo, gs, sequence, data.Last);
        }
        // The first message seen per series wins: a silo sends each once, and a replay applies them in the same order.
        foreach (var (key, message) in interval.Messages) _total.KeepFirstMessage(key, message);
        return true;
    }

    private void RecordGaugeSecond(SeriesKey key, string silo, long second, long sequence, double value)
    {
        if (!_gaugeSeconds.TryGetValue(key, out var bySilo)) _gaugeSeconds[key] = bySilo = new(StringComparer.Ordinal);
        if (!bySilo.TryGetValue(silo, out var samples)) bySilo[silo] = samples = new();
        var i = samples.Count - 1;
        while (i >= 0 && samples[i].Second > second) i--;
        if (i >= 0 && samples[i].Second == second)
        {
            // Two snapshots of one silo in one second: its value there is the later one's.
            if (sequence > samples[i].Sequence) samples[i] = new GaugeSample(second, sequence, value);
            return;
        }
        samples.Insert(i + 1, new GaugeSample(second, sequence, value));
    }

    /// <summary>The merged totals so far (a live view: encode it or read it, don't keep it across applies).</summary>
    public MetricSnapshot Total => _total;

    /// <summary>
    /// The per-second series of every series so far, gauges resolved over silos. The points of Counters, Rates and
    /// Trends are the live ones: read or encode them, don't change them or keep them across applies.
    /// </summary>
    public MetricTimeSeries TimeSeries
    {
        get
        {
            var view = new MetricTimeSeries();
            foreach (var (key, points) in _seconds.Series) view.Set(key, points.ToList());
            foreach (var (key, bySilo) in _gaugeSeconds) view.Set(key, ResolveGauge(bySilo));
            return view;
        }
    }

    /// <summary>
    /// The per-second series from <paramref name="fromSecond"/> on (gauges resolved over silos): what the orchestrator's
    /// live feed reads each second, a few seconds back, so its cost doesn't grow with the run; <paramref name="include"/>
    /// picks the series (null: all). Read-only, like <see cref="TimeSeries"/>.
    /// </summary>
    public MetricTimeSeries TimeSeriesFrom(long fromSecond, Func<SeriesKey, bool>? include = null)
    {
        var view = new MetricTimeSeries();
        foreach (var (key, points) in _seconds.Series)
        {
            if (include is not null && !include(key)) continue;
            var i = points.Count;
            while (i > 0 && points[i - 1].Second >= fromSecond) i--;
            if (i < points.Count) view.Set(key, points.Skip(i).ToList());
        }
        foreach (var (key, bySilo) in _gaugeSeconds)
        {
            if (include is not null && !include(key)) continue;
            var recent = ResolveGauge(bySilo).Where(p => p.Second >= fromSecond).ToList();
            if (recent.Count > 0) view.Set(key, recent);
        }
        return view;
    }

    /// <summary>The totals with the per-second series attached: what a histogram grain hands to the orchestrator.</summary>
    public MetricSnapshot Merged()
    {
        var merged = new MetricSnapshot { TimeSeries = TimeSeries };
        foreach (var (key, acc) in _total.Series) merged.Set(key, acc);
        foreach (var (key, message) in _total.Messages) merged.KeepFirstMessage(key, message);
        return merged;
    }

    /// <summary>A gauge's seconds: in each second any silo sampled, the sum of each silo's value (see the class).</summary>
    private static List<SeriesPoint> ResolveGauge(Dictionary<string, List<GaugeSample>> bySilo)
    {
        var silos = bySilo.Values.Where(s => s.Count > 0).ToArray();
        var seconds = silos.SelectMany(s => s.Select(g => g.Second)).Distinct().Order().ToList();
        var at = new int[silos.Length];
        Array.Fill(at, -1);
        var points = new List<SeriesPoint>(seconds.Count);
        foreach (var second in seconds)
        {
            double sum = 0;
            long samples = 0;
            for (var i = 0; i < silos.Length; i++)
            {
                var list = silos[i];
                while (at[i] + 1 < list.Count && list[at[i] + 1].Second <= second) at[i]++;
                if (at[i] < 0 || second > list[^1].Second) continue; // before its first or after its last sample
                sum += list[at[i]].Value;
                if (list[at[i]].Second == second) samples++;
            }
            var point = new SeriesPoint(second);
            point.SetGauge(sum, samples);
            points.Add(point);
        }
        return points;
    }

    private readonly record struct GaugeSample(long Second, long Sequence, double Value);
}
