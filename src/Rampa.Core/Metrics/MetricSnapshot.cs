namespace Rampa.Core.Metrics;

/// <summary>
/// A set of series with their aggregates: one second of one silo (an interval snapshot), or the merged whole run.
/// </summary>
public sealed class MetricSnapshot
{
    private static readonly Dictionary<SeriesKey, string> NoMessages = new();
    private readonly Dictionary<SeriesKey, SeriesAccumulator> _series = new();
    private Dictionary<SeriesKey, string>? _messages;

    public IReadOnlyDictionary<SeriesKey, SeriesAccumulator> Series => _series;

    /// <summary>
    /// The first failure message seen per failed series (keyed by its <c>http_req_failed</c> series), e.g.
    /// <c>connect to 127.0.0.1:5081: Connection refused</c>: a small side channel (at most one per series) that carries a
    /// real example of each failure from the silos to the report. Merges keep the first one.
    /// </summary>
    public IReadOnlyDictionary<SeriesKey, string> Messages => _messages ?? NoMessages;

    public bool IsEmpty => _series.Count == 0 && Messages.Count == 0;

    /// <summary>Keeps <paramref name="message"/> as the series' message unless it has one already.</summary>
    public void KeepFirstMessage(SeriesKey key, string message) => (_messages ??= new()).TryAdd(key, message);

    /// <summary>
    /// For an interval snapshot: the UTC second (Unix seconds) at which the silo's flusher took it, i.e. the second of
    /// the run it belongs to in the per-second series. Null for anything else (a merged run, a test's hand-made set);
    /// such a snapshot adds to the totals only.
    /// </summary>
    public long? IntervalUnixSecond { get; set; }

    /// <summary>For the merged run: its per-second time series (null for an interval snapshot).</summary>
    public MetricTimeSeries? TimeSeries { get; set; }

    /// <summary>Adds <paramref name="data"/> into the series (creating it), by <see cref="SeriesAccumulator.Merge"/>.</summary>
    public void Merge(SeriesKey key, SeriesAccumulator data)
    {
        if (!_series.TryGetValue(key, out var acc)) _series[key] = acc = new SeriesAccumulator(key.Metric.Type);
        acc.Merge(data);
    }

    /// <summary>Adds every series of <paramref name="other"/>, its messages (first kept), and its per-second series when it has one.</summary>
    public void Merge(MetricSnapshot other)
    {
        foreach (var (k, v) in other._series) Merge(k, v);
        foreach (var (k, m) in other.Messages) KeepFirstMessage(k, m);
        if (other.TimeSeries is { } ts) (TimeSeries ??= new MetricTimeSeries()).Merge(ts);
    }

    /// <summary>Puts <paramref name="data"/> as the series' value, replacing what was there.</summary>
    public void Set(SeriesKey key, SeriesAccumulator data) => _series[key] = data;

    /// <summary>Every series of one metric.</summary>
    public IEnumerable<KeyValuePair<SeriesKey, SeriesAccumulator>> OfMetric(string metric) =>
        _series.Where(s => s.Key.Metric.Name == metric);

    /// <summary>
    /// The whole metric: all its tagged series (matching <paramref name="filter"/>) merged, as the summary's main line
    /// shows it. For a gauge, the sum of its series' values (gauges are recorded untagged, so that is one series).
    /// </summary>
    public SeriesAccumulator? Total(string metric, IReadOnlyDictionary<string, string>? filter = null)
    {
        var matching = _series.Where(s => s.Key.Metric.Name == metric && (filter is null || s.Key.Matches(filter))).ToList();
        if (matching.Count == 0) return null;
        var type = matching[0].Key.Metric.Type;
        var total = new SeriesAccumulator(type);
        if (type == MetricType.Gauge)
        {
            var last = matching.Sum(s => s.Value.Last);
            total.Restore(matching.Sum(s => s.Value.Count), last, matching.Sum(s => s.Value.Min), matching.Sum(s => s.Value.Max), 0, last, null);
            return total;
        }
        foreach (var (_, v) in matching) total.Merge(v);
        return total;
    }

    public IEnumerable<string> MetricNames => _series.Keys.Select(k => k.Metric.Name).Distinct();
}
