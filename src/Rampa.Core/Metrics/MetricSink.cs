using System.Collections.Concurrent;

namespace Rampa.Core.Metrics;

/// <summary>One sample to record: a series id (from <see cref="MetricSink.Register"/>) and a value.</summary>
public readonly record struct Sample(int SeriesId, double Value);

/// <summary>
/// A silo's recorder for one run: every request and iteration of that silo records here, with no grain call.
/// <para>
/// Writers never contend: each thread records into its own accumulators (a thread-local recorder, locked only
/// against the once-a-second snapshot, so the lock is uncontended on the hot path). <see cref="TakeSnapshot"/>
/// swaps every thread's accumulators for empty ones and merges the swapped-out ones into one interval snapshot.
/// </para>
/// </summary>
public sealed class MetricSink : IDisposable
{
    private readonly ConcurrentDictionary<SeriesKey, int> _ids = new();
    private readonly List<SeriesKey> _keys = new();
    private readonly object _registerLock = new();
    private readonly ThreadLocal<ThreadRecorder> _local;
    private readonly int _maxSeriesPerMetric;
    private readonly ConcurrentDictionary<string, int> _seriesPerMetric = new();
    private readonly ConcurrentDictionary<string, bool> _overflowed = new();
    /// <summary>The first failure message of each series for the whole run (so at most one per series, ever).</summary>
    private readonly ConcurrentDictionary<int, string> _messages = new();
    /// <summary>Series whose message has not gone out in a snapshot yet.</summary>
    private readonly ConcurrentQueue<int> _unsentMessages = new();

    public MetricSink(int maxSeriesPerMetric = 2000)
    {
        _maxSeriesPerMetric = maxSeriesPerMetric;
        _local = new ThreadLocal<ThreadRecorder>(() => new ThreadRecorder(this), trackAllValues: true);
    }

    /// <summary>Metrics whose tag sets exceeded the bound; their extra series were folded into an overflow series.</summary>
    public IReadOnlyCollection<string> OverflowedMetrics => _overflowed.Keys.ToList();

    /// <summary>
    /// The id of a series, registering it on first use. Call once per distinct tag set and cache the id:
    /// this is not for the per-request path. Past the per-metric bound, new tag sets share one series tagged
    /// <c>overflow:true</c> (and <see cref="OverflowedMetrics"/> names the metric) so memory stays bounded.
    /// </summary>
    public int Register(SeriesKey key)
    {
        if (_ids.TryGetValue(key, out var id)) return id;
        lock (_registerLock)
        {
            if (_ids.TryGetValue(key, out id)) return id;
            var perMetric = _seriesPerMetric.GetValueOrDefault(key.Metric.Name);
            if (perMetric >= _maxSeriesPerMetric)
            {
                _overflowed[key.Metric.Name] = true;
                // The extra tag set itself is not remembered, so the lookup table stays bounded too.
                var overflow = new SeriesKey(key.Metric, [new("overflow", "true")]);
                if (!_ids.TryGetValue(overflow, out id))
                {
                    id = _keys.Count;
                    _keys.Add(overflow);
                    _ids[overflow] = id;
                }
                return id;
            }
            id = _keys.Count;
            _keys.Add(key);
            _ids[key] = id;
            _seriesPerMetric[key.Metric.Name] = perMetric + 1;
            return id;
        }
    }

    public int Register(MetricDefinition metric, IEnumerable<KeyValuePair<string, string>> tags) => Register(new SeriesKey(metric, tags));

    public void Add(int seriesId, double value)
    {
        var r = _local.Value!;
        lock (r) r.Add(seriesId, value);
    }

    /// <summary>Records several samples under one lock: a request's dozen samples cost one uncontended lock.</summary>
    public void Add(ReadOnlySpan<Sample> samples)
    {
        var r = _local.Value!;
        lock (r)
        {
            foreach (var s in samples) r.Add(s.SeriesId, s.Value);
        }
    }

    /// <summary>
    /// True until the series has a failure message: a failed request checks this before it builds its message, so
    /// only a series' first failure pays for one (successful requests never ask).
    /// </summary>
    public bool WantsMessage(int seriesId) => !_messages.ContainsKey(seriesId);

    /// <summary>Keeps the series' first failure message; it goes out in the next snapshot (<see cref="MetricSnapshot.Messages"/>).</summary>
    public void NoteMessage(int seriesId, string message)
    {
        if (_messages.TryAdd(seriesId, message)) _unsentMessages.Enqueue(seriesId);
    }

    /// <summary>Everything recorded since the previous snapshot, from every thread, merged, with the new failure messages.</summary>
    public MetricSnapshot TakeSnapshot()
    {
        var merged = new Dictionary<int, SeriesAccumulator>();
        foreach (var r in _local.Values)
        {
            SeriesAccumulator?[] taken;
            lock (r) taken = r.Swap();
            for (var id = 0; id < taken.Length; id++)
            {
                var acc = taken[id];
                if (acc is null || acc.IsEmpty) continue;
                if (!merged.TryGetValue(id, out var m)) merged[id] = m = new SeriesAccumulator(acc.Type);
                m.Merge(acc);
                acc.Reset();
            }
            lock (r) r.ReturnSpare(taken);
        }
        // Read the keys only after every recorder was swapped: an id recorded before a swap was registered before it,
        // so every id in `merged` is known here (copied before the swaps, a series registered in between was missing).
        SeriesKey[] keys;
        lock (_registerLock) keys = _keys.ToArray();
        var snapshot = new MetricSnapshot();
        foreach (var (id, acc) in merged) snapshot.Set(keys[id], acc);
        // A message is noted after its series was registered, so its key is known here too (or in the next snapshot).
        while (_unsentMessages.TryPeek(out var messageId) && messageId < keys.Length)
        {
            _unsentMessages.TryDequeue(out _);
            snapshot.KeepFirstMessage(keys[messageId], _messages[messageId]);
        }
        return snapshot;
    }

    internal MetricType TypeOf(int seriesId)
    {
        lock (_registerLock) return _keys[seriesId].Metric.Type;
    }

    public void Dispose() => _local.Dispose();

    /// <summary>One thread's accumulators, indexed by series id; double-buffered for snapshots.</summary>
    private sealed class ThreadRecorder(MetricSink owner)
    {
        private SeriesAccumulator?[] _active = new SeriesAccumulator?[16];
        private SeriesAccumulator?[]? _spare;

        public void Add(int id, double value)
        {
            if (id >= _active.Length) Array.Resize(ref _active, Math.Max(id + 1, _active.Length * 2));
            var acc = _active[id] ??= new SeriesAccumulator(owner.TypeOf(id));
            acc.Add(value);
        }

        /// <summary>Hands out the active buffer and continues on the spare one (or a new one).</summary>
        public SeriesAccumulator?[] Swap()
        {
            var taken = _active;
            _active = _spare is { } s && s.Length >= taken.Length ? s : new SeriesAccumulator?[taken.Length];
            _spare = null;
            return taken;
        }

        /// <summary>Takes back a drained buffer so its (reset) accumulators and histograms are reused.</summary>
        public void ReturnSpare(SeriesAccumulator?[] drained) => _spare = drained;
    }
}
