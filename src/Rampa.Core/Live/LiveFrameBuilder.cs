using Rampa.Core.Metrics;
using Rampa.Core.Protocols;

namespace Rampa.Core.Live;

/// <summary>
/// Turns the run's merged per-second series into one <see cref="LiveFrame"/> per second: the logic of the orchestrator's
/// live feed, kept out of the grain. Pure and not thread-safe.
/// <para>
/// The caller hands it, about once a second, the points of the last <see cref="Window"/> seconds
/// (<see cref="Advance"/>) and the newest second whose samples should have arrived; every second after the last one
/// sent, up to that one, becomes a frame. Samples that arrive for a second already sent (a slow flush) are noticed
/// because the window re-reads those seconds, and count in the next frame. <see cref="Finish"/> takes the final merged
/// totals and puts whatever no frame has counted yet into the last frame, so the frames always add up to the summary.
/// </para>
/// </summary>
public sealed class LiveFrameBuilder
{
    /// <summary>How many seconds before the last frame the caller re-reads, so that late samples are still noticed.</summary>
    public const int Window = 10;
    /// <summary>Request rows per frame (the busiest); the rest still count in the scenario and run figures.</summary>
    public const int MaxRequestRows = 100;

    private readonly string _runId;
    private readonly long _startSecond;
    private readonly double _startFraction;
    private readonly IReadOnlyList<string> _scenarios;
    private long _last;
    private bool _finished;
    /// <summary>What the frames sent so far counted, per counted series and second (seconds inside the window only).</summary>
    private readonly Dictionary<(SeriesKey Key, long Second), Amount> _sentBySecond = new();
    /// <summary>What the frames sent so far counted, per counted series, over the whole run.</summary>
    private readonly Dictionary<SeriesKey, Amount> _sent = new();
    private readonly Dictionary<string, LiveCounts> _scenarioTotals = new(StringComparer.Ordinal);
    private LiveCounts _totals = LiveCounts.Zero;
    private readonly Dictionary<IProtocol, (long Count, long Failures)> _protocolTotals = new();

    /// <param name="start">The run's common start: the first frame is the second after it.</param>
    public LiveFrameBuilder(string runId, DateTimeOffset start, IReadOnlyList<string> scenarios)
    {
        _runId = runId;
        _startSecond = start.ToUnixTimeSeconds();
        _startFraction = start.ToUnixTimeMilliseconds() / 1000.0;
        _scenarios = scenarios;
        _last = _startSecond;
    }

    /// <summary>The second of the last frame sent (the start's second before the first).</summary>
    public long LastSecond => _last;

    /// <summary>The first second the caller's window should include.</summary>
    public long WindowStart => _last - Window + 1;

    /// <summary>
    /// Frames for every second after the last one sent up to <paramref name="upTo"/>, from <paramref name="window"/> (the
    /// merged points of at least the seconds from <see cref="WindowStart"/>); none when <paramref name="upTo"/> is not newer.
    /// <paramref name="vus"/> gives each scenario's active and allocated VUs now.
    /// </summary>
    public IReadOnlyList<LiveFrame> Advance(MetricTimeSeries window, long upTo, IReadOnlyDictionary<string, (long Active, long Max)> vus)
    {
        if (_finished || upTo <= _last) return [];
        return Emit(window, upTo, Late(window), rest: null, vus, final: false);
    }

    /// <summary>
    /// The last frames: every second after the last one sent up to the newest point of <paramref name="final"/>'s
    /// series (at least one more), the last of which also carries whatever the frames would otherwise not have counted
    /// of <paramref name="final"/>'s totals and is marked <see cref="LiveFrame.Final"/>. Nothing after it.
    /// </summary>
    public IReadOnlyList<LiveFrame> Finish(MetricSnapshot final, IReadOnlyDictionary<string, (long Active, long Max)> vus)
    {
        if (_finished) return [];
        var series = final.TimeSeries ?? new MetricTimeSeries();
        var newest = Math.Max(_last + 1, series.Series.SelectMany(s => s.Value).Select(p => p.Second).DefaultIfEmpty(_last).Max());
        var late = Late(series);
        // What the totals hold beyond what was sent, what is late and what the remaining seconds count: samples
        // without a second, or late by more than the window. It goes into the last frame.
        var rest = new Dictionary<SeriesKey, Amount>();
        foreach (var (key, acc) in final.Series)
        {
            if (!IsCounted(key)) continue;
            var diff = new Amount(acc.Sum, acc.Count, acc.NonZero) - _sent.GetValueOrDefault(key);
            if (late?.GetValueOrDefault(key) is { } l) diff -= l;
            foreach (var p in series.Points(key))
                if (p.Second > _last && p.Second <= newest) diff -= new Amount(p.Sum, p.Count, p.NonZero);
            if (!diff.IsZero) rest[key] = diff;
        }
        var frames = Emit(series, newest, late, rest, vus, final: true);
        _finished = true;
        return frames;
    }

    private List<LiveFrame> Emit(MetricTimeSeries window, long upTo, Dictionary<SeriesKey, Amount>? late,
        Dictionary<SeriesKey, Amount>? rest, IReadOnlyDictionary<string, (long Active, long Max)> vus, bool final)
    {
        var frames = new List<LiveFrame>();
        for (var second = _last + 1; second <= upTo; second++)
        {
            var last = second == upTo;
            var extra = Combine(second == _last + 1 ? late : null, last ? rest : null);
            frames.Add(Frame(window, second, extra, vus, final && last));
        }
        Prune();
        return frames;
    }

    private static Dictionary<SeriesKey, Amount>? Combine(Dictionary<SeriesKey, Amount>? a, Dictionary<SeriesKey, Amount>? b)
    {
        if (a is null || b is null) return a ?? b;
        var sum = new Dictionary<SeriesKey, Amount>(a);
        foreach (var (k, v) in b) sum[k] = sum.GetValueOrDefault(k) + v;
        return sum;
    }

    private LiveFrame Frame(MetricTimeSeries window, long second, Dictionary<SeriesKey, Amount>? extra,
        IReadOnlyDictionary<string, (long Active, long Max)> vus, bool final)
    {
        var counted = new Dictionary<SeriesKey, Amount>();
        var latency = new Dictionary<(string Scenario, string Name, string Method), SparseHistogramSum>();
        var byScenarioLatency = new Dictionary<string, SparseHistogramSum>(StringComparer.Ordinal);
        var allLatency = new SparseHistogramSum();
        var generators = new SortedDictionary<string, LiveGenerator>(StringComparer.Ordinal);
        var startLag = new Dictionary<string, SparseHistogramSum>(StringComparer.Ordinal);
        var protocolLatency = new Dictionary<IProtocol, SparseHistogramSum>();
        foreach (var (key, points) in window.Series)
        {
            var point = PointAt(points, second);
            if (point is null) continue;
            if (IsGenerator(key))
            {
                if (point.Count > 0) AddGenerator(generators, key, point.Value);
            }
            else if (IsCounted(key))
            {
                var amount = new Amount(point.Sum, point.Count, point.NonZero);
                if (!amount.IsZero) counted[key] = counted.GetValueOrDefault(key) + amount;
                _sentBySecond[(key, second)] = amount;
            }
            else if (ProtocolCatalog.LiveRoleOf(key.Metric.Name) is ({ } p, LiveRole.Duration))
            {
                if (point.Count > 0)
                {
                    if (!protocolLatency.TryGetValue(p, out var h)) protocolLatency[p] = h = new SparseHistogramSum();
                    h.Add(point);
                }
            }
            else if (key.Metric.Name == BuiltinMetrics.IterationStartLag.Name && point.Count > 0)
            {
                var scenario = key.Tag("scenario") ?? "";
                if (!startLag.TryGetValue(scenario, out var h)) startLag[scenario] = h = new SparseHistogramSum();
                h.Add(point);
            }
            else if (key.Metric.Name == BuiltinMetrics.HttpReqDuration.Name && point.Count > 0)
            {
                var row = (key.Tag("scenario") ?? "", key.Tag("name") ?? "", key.Tag("method") ?? "");
                if (!latency.TryGetValue(row, out var h)) latency[row] = h = new SparseHistogramSum();
                h.Add(point);
                if (!byScenarioLatency.TryGetValue(row.Item1, out var sh)) byScenarioLatency[row.Item1] = sh = new SparseHistogramSum();
                sh.Add(point);
                allLatency.Add(point);
            }
        }
        if (extra is not null)
            foreach (var (key, amount) in extra) counted[key] = counted.GetValueOrDefault(key) + amount;
        foreach (var (key, amount) in counted) _sent[key] = _sent.GetValueOrDefault(key) + amount;

        // Counts per scenario and per request row from the counted series.
        var scenarioCounts = _scenarios.ToDictionary(s => s, _ => LiveCounts.Zero, StringComparer.Ordinal);
        var rows = new Dictionary<(string Scenario, string Name, string Method), RowCounts>();
        foreach (var (key, amount) in counted)
        {
            var scenario = key.Tag("scenario") ?? "";
            var counts = Counts(key, amount);
            scenarioCounts[scenario] = scenarioCounts.GetValueOrDefault(scenario, LiveCounts.Zero).Add(counts);
            if (key.Metric.Name is not ("http_reqs" or "http_req_failed")) continue;
            var row = (scenario, key.Tag("name") ?? "", key.Tag("method") ?? "");
            if (!rows.TryGetValue(row, out var rc)) rows[row] = rc = new RowCounts();
            rc.Requests += counts.Requests;
            rc.Failures += counts.Failures;
            if (counts.Requests != 0)
            {
                var status = key.Tag("status") ?? "0";
                rc.Statuses[status] = rc.Statuses.GetValueOrDefault(status) + counts.Requests;
            }
        }
        foreach (var row in latency.Keys) rows.TryAdd(row, new RowCounts());
        var protocols = ProtocolRows(counted, protocolLatency);

        var interval = LiveCounts.Zero;
        var scenarios = new List<LiveScenario>();
        foreach (var (name, counts) in scenarioCounts.OrderBy(s => Order(s.Key)))
        {
            interval = interval.Add(counts);
            var totals = _scenarioTotals[name] = _scenarioTotals.GetValueOrDefault(name, LiveCounts.Zero).Add(counts);
            var v = vus.GetValueOrDefault(name);
            scenarios.Add(new LiveScenario
            {
                Scenario = name, Interval = counts, Totals = totals, Rate = counts.Requests,
                Vus = v.Active, VusMax = v.Max, Latency = byScenarioLatency.GetValueOrDefault(name)?.Latency(),
                StartLag = startLag.GetValueOrDefault(name)?.Latency(),
            });
        }
        _totals = _totals.Add(interval);
        _last = second;
        return new LiveFrame
        {
            RunId = _runId,
            Second = second,
            Elapsed = Math.Round(Math.Max(0, second - _startFraction), 3),
            Final = final,
            Interval = interval,
            Totals = _totals,
            Rate = interval.Requests,
            Vus = vus.Values.Sum(v => v.Active),
            VusMax = vus.Values.Sum(v => v.Max),
            Latency = allLatency.Latency(),
            Scenarios = scenarios,
            Requests = rows
                .Select(r => new LiveRequest
                {
                    Scenario = r.Key.Scenario, Name = r.Key.Name, Method = r.Key.Method,
                    Requests = r.Value.Requests, Failures = r.Value.Failures, Rate = r.Value.Requests,
                    Statuses = r.Value.Statuses, Latency = latency.GetValueOrDefault(r.Key)?.Latency(),
                })
                .OrderByDescending(r => r.Requests).ThenBy(r => r.Scenario, StringComparer.Ordinal)
                .ThenBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
                .Take(MaxRequestRows).ToList(),
            Generators = [.. generators.Values],
            Protocols = protocols,
        };
    }

    /// <summary>Per protocol that was used so far: this second's units and failures from the counted series, its latency.</summary>
    private List<LiveProtocol> ProtocolRows(Dictionary<SeriesKey, Amount> counted, Dictionary<IProtocol, SparseHistogramSum> latency)
    {
        var now = new Dictionary<IProtocol, (long Count, long Failures)>();
        foreach (var (key, amount) in counted)
        {
            if (ProtocolCatalog.LiveRoleOf(key.Metric.Name) is not ({ } p, var role)) continue;
            var c = now.GetValueOrDefault(p);
            now[p] = role == LiveRole.Calls ? (c.Count + (long)amount.Sum, c.Failures) : (c.Count, c.Failures + amount.NonZero);
        }
        var rows = new List<LiveProtocol>();
        foreach (var p in ProtocolCatalog.All)
        {
            var c = now.GetValueOrDefault(p);
            var total = _protocolTotals.GetValueOrDefault(p);
            total = (total.Count + c.Count, total.Failures + c.Failures);
            _protocolTotals[p] = total;
            if (total.Count == 0 && total.Failures == 0 && !latency.ContainsKey(p)) continue;
            rows.Add(new LiveProtocol
            {
                Protocol = p.Name, Unit = p.Live.Noun, Count = c.Count, Failures = c.Failures, Rate = c.Count,
                TotalCount = total.Count, TotalFailures = total.Failures, Latency = latency.GetValueOrDefault(p)?.Latency(),
            });
        }
        return rows;
    }

    private static void AddGenerator(SortedDictionary<string, LiveGenerator> generators, SeriesKey key, double value)
    {
        var silo = key.Tag("silo") ?? "?";
        var g = generators.GetValueOrDefault(silo) ?? new LiveGenerator { Silo = silo };
        generators[silo] = key.Metric.Name switch
        {
            "rampa_generator_cpu" => g with { Cpu = value },
            "rampa_generator_threadpool_queue" => g with { ThreadPoolQueue = value },
            "rampa_generator_gc_pause" => g with { GcPauseMs = value },
            "rampa_generator_alloc_rate" => g with { AllocRate = value },
            "rampa_generator_flush_interval" => g with { FlushInterval = value },
            _ => g,
        };
    }

    /// <summary>The silos' own health gauges (<c>rampa_generator_*</c>): read as the second's value, never counted.</summary>
    private static bool IsGenerator(SeriesKey key) => key.Metric.Name.StartsWith("rampa_generator_", StringComparison.Ordinal);

    private int Order(string scenario)
    {
        var i = -1;
        for (var k = 0; k < _scenarios.Count; k++) if (_scenarios[k] == scenario) { i = k; break; }
        return i < 0 ? int.MaxValue : i;
    }

    /// <summary>Samples in the window for seconds already sent that the frames did not count yet.</summary>
    private Dictionary<SeriesKey, Amount>? Late(MetricTimeSeries window)
    {
        Dictionary<SeriesKey, Amount>? late = null;
        foreach (var (key, points) in window.Series)
        {
            if (!IsCounted(key)) continue;
            foreach (var p in points)
            {
                if (p.Second > _last || p.Second <= _last - Window) continue;
                var now = new Amount(p.Sum, p.Count, p.NonZero);
                var diff = now - _sentBySecond.GetValueOrDefault((key, p.Second));
                if (diff.IsZero) continue;
                _sentBySecond[(key, p.Second)] = now;
                late ??= new();
                late[key] = late.GetValueOrDefault(key) + diff;
            }
        }
        return late;
    }

    private void Prune()
    {
        var oldest = _last - Window;
        foreach (var k in _sentBySecond.Keys.Where(k => k.Second <= oldest).ToList()) _sentBySecond.Remove(k);
    }

    private static SeriesPoint? PointAt(IReadOnlyList<SeriesPoint> points, long second)
    {
        for (var i = points.Count - 1; i >= 0; i--)
        {
            if (points[i].Second == second) return points[i];
            if (points[i].Second < second) return null;
        }
        return null;
    }

    /// <summary>The series a frame reads: the counted ones, the generator gauges, <c>http_req_duration</c>, <c>iteration_start_lag</c> and each protocol's latency Trend (the live feed reads no others).</summary>
    public static bool Reads(SeriesKey key) => IsCounted(key) || IsGenerator(key) || key.Metric.Name == BuiltinMetrics.HttpReqDuration.Name
        || key.Metric.Name == BuiltinMetrics.IterationStartLag.Name || ProtocolCatalog.LiveRoleOf(key.Metric.Name) is not null;

    /// <summary>The series whose samples the frames count (they add up to the summary's totals): HTTP's and execution's, and each protocol's units and failures.</summary>
    private static bool IsCounted(SeriesKey key) => key.Metric.Name is "http_reqs" or "http_req_failed" or "iterations"
        or "dropped_iterations" or "checks" || ProtocolCatalog.LiveRoleOf(key.Metric.Name) is (_, LiveRole.Calls or LiveRole.Failed);

    private static LiveCounts Counts(SeriesKey key, Amount a) => key.Metric.Name switch
    {
        "http_reqs" => new LiveCounts { Requests = (long)a.Sum },
        "http_req_failed" => new LiveCounts { Failures = a.NonZero },
        "iterations" => new LiveCounts { Iterations = (long)a.Sum },
        "dropped_iterations" => new LiveCounts { Dropped = (long)a.Sum },
        "checks" => new LiveCounts { ChecksPassed = a.NonZero, ChecksFailed = a.Count - a.NonZero },
        _ => LiveCounts.Zero,
    };

    private sealed class RowCounts
    {
        public long Requests;
        public long Failures;
        public readonly Dictionary<string, long> Statuses = new(StringComparer.Ordinal);
    }

    /// <summary>Sum, sample count and non-zero count of a Counter or Rate: what a frame counts of it.</summary>
    private readonly record struct Amount(double Sum, long Count, long NonZero)
    {
        public bool IsZero => Sum == 0 && Count == 0 && NonZero == 0;
        public static Amount operator +(Amount a, Amount b) => new(a.Sum + b.Sum, a.Count + b.Count, a.NonZero + b.NonZero);
        public static Amount operator -(Amount a, Amount b) => new(a.Sum - b.Sum, a.Count - b.Count, a.NonZero - b.NonZero);
    }

    /// <summary>Several seconds' or series' latency points merged, read as milliseconds.</summary>
    private sealed class SparseHistogramSum
    {
        private readonly SeriesPoint _sum = new(0);
        public void Add(SeriesPoint p) => _sum.Merge(p);

        public LiveLatency? Latency() => _sum.Count == 0 ? null : new LiveLatency
        {
            P50 = Ms(_sum.Percentile(50)), P90 = Ms(_sum.Percentile(90)), P95 = Ms(_sum.Percentile(95)),
            P99 = Ms(_sum.Percentile(99)), Max = Ms(_sum.Max), Mean = Ms(_sum.Mean),
        };

        private static double Ms(double micros) => Math.Round(micros / 1000.0, 3);
    }
}
