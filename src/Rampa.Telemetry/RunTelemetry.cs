using System.Diagnostics;
using System.Diagnostics.Metrics;
using Rampa.Core.Live;
using N = Rampa.Telemetry.RampaTelemetryNames;

namespace Rampa.Telemetry;

/// <summary>
/// The <c>Rampa</c> meter and activity source, fed from live frames: each frame updates a small per-run state (running
/// totals, the last second's VUs and percentiles), and the observable instruments read that state whenever an
/// exporter collects. Nothing here is on the recording path: a frame arrives once a second per run, and a collection
/// only copies the state out under a lock.
/// <para>
/// Counters are cumulative (the frames' totals; per request name and status, the sum of the frames' rows). Percentiles
/// are gauges with the values Rampa computed from the merged HdrHistograms for that second, never OpenTelemetry
/// histograms (exporters re-bucket those). A finished run keeps its last values for <see cref="KeepFinished"/>, so
/// periodic exporters send them at least once more, and is then dropped.
/// </para>
/// </summary>
public sealed class RunTelemetry : ILiveFrameObserver, IDisposable
{
    /// <summary>How long a run's last values stay exported after its final frame (or after its last frame, if it never sent a final one).</summary>
    public static readonly TimeSpan KeepFinished = TimeSpan.FromMinutes(2);

    private readonly object _gate = new();
    private readonly Dictionary<string, RunState> _runs = new(StringComparer.Ordinal);
    private readonly Meter _meter;
    private readonly ActivitySource _source;
    private readonly Func<DateTimeOffset> _clock;
    private long _collections;

    private readonly bool _endSpanOnFinalFrame;

    /// <param name="endSpanOnFinalFrame">
    /// True on a silo, which sees frames only: the final frame ends the run's span. The CLI ends it itself, with the
    /// verdict (<see cref="EndRun"/>).
    /// </param>
    /// <param name="clock">The time frames are stamped with on arrival (tests pass their own).</param>
    public RunTelemetry(bool endSpanOnFinalFrame, Func<DateTimeOffset>? clock = null)
    {
        _endSpanOnFinalFrame = endSpanOnFinalFrame;
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
        _meter = new Meter(N.Meter, typeof(RunTelemetry).Assembly.GetName().Version?.ToString(3));
        _source = new ActivitySource(N.ActivitySource);
        _meter.CreateObservableCounter(N.Requests, () => Collect(Requests), "{request}", "requests sent, by status");
        _meter.CreateObservableCounter(N.RequestFailures, () => Collect(Failures), "{request}", "failed requests (http_req_failed)");
        _meter.CreateObservableCounter(N.Iterations, () => Collect(s => ScenarioCount(s, c => c.Iterations)), "{iteration}", "completed iterations");
        _meter.CreateObservableCounter(N.IterationsDropped, () => Collect(s => ScenarioCount(s, c => c.Dropped)), "{iteration}", "iterations never started");
        _meter.CreateObservableCounter(N.Checks, () => Collect(Checks), "{check}", "checks, by outcome");
        _meter.CreateObservableGauge(N.Vus, () => Collect(s => ScenarioGauge(s, x => x.Vus)), "{vu}", "active VUs over the cluster");
        _meter.CreateObservableGauge(N.VusMax, () => Collect(s => ScenarioGauge(s, x => x.VusMax)), "{vu}", "allocated VUs");
        _meter.CreateObservableGauge(N.DurationP50, () => Collect(s => Latency(s, l => l.P50)), "ms", "http_req_duration p50 of the last second");
        _meter.CreateObservableGauge(N.DurationP90, () => Collect(s => Latency(s, l => l.P90)), "ms", "http_req_duration p90 of the last second");
        _meter.CreateObservableGauge(N.DurationP95, () => Collect(s => Latency(s, l => l.P95)), "ms", "http_req_duration p95 of the last second");
        _meter.CreateObservableGauge(N.DurationP99, () => Collect(s => Latency(s, l => l.P99)), "ms", "http_req_duration p99 of the last second");
        _meter.CreateObservableGauge(N.DurationMax, () => Collect(s => Latency(s, l => l.Max)), "ms", "http_req_duration max of the last second");
        _meter.CreateObservableCounter(N.ProtocolUnits, () => Collect(s => Protocol(s, p => p.TotalCount)), "{unit}", "WebSocket sessions, SSE streams, gRPC calls");
        _meter.CreateObservableCounter(N.ProtocolFailures, () => Collect(s => Protocol(s, p => p.TotalFailures)), "{unit}", "failed WebSocket sessions, SSE streams, gRPC calls");
        _meter.CreateObservableGauge(N.ProtocolDurationP95, () => Collect(s => ProtocolLatency(s, l => l.P95)), "ms", "a protocol's latency p95 of the last second (ws_session_duration, sse_time_to_first_event, grpc_req_duration)");
        _meter.CreateObservableGauge(N.ProtocolDurationP99, () => Collect(s => ProtocolLatency(s, l => l.P99)), "ms", "a protocol's latency p99 of the last second");
        _meter.CreateObservableGauge(N.GeneratorCpu, () => Collect(s => Generator(s, g => g.Cpu)), "1", "a silo's CPU use as a share of its machine (0..1)");
        _meter.CreateObservableGauge(N.GeneratorThreadPoolQueue, () => Collect(s => Generator(s, g => g.ThreadPoolQueue)), "{work_item}", "work items waiting in a silo's thread pool");
        _meter.CreateObservableGauge(N.GeneratorGcPause, () => Collect(s => Generator(s, g => g.GcPauseMs)), "ms", "GC pause per second on a silo");
        _meter.CreateObservableGauge(N.GeneratorAllocRate, () => Collect(s => Generator(s, g => g.AllocRate)), "By/s", "bytes allocated per second on a silo");
        _meter.CreateObservableGauge(N.GeneratorFlushInterval, () => Collect(s => Generator(s, g => g.FlushInterval)), "s", "seconds between a silo's once-a-second samples (1 on time)");
    }

    /// <summary>How many collections read the request counter so far (a Prometheus scrape is one).</summary>
    public long Collections => Interlocked.Read(ref _collections);

    /// <summary>The run's span starts now (the CLI knows its run before the first frame).</summary>
    public void BeginRun(string runId, IReadOnlyList<string> scenarios)
    {
        lock (_gate) Run(runId, scenarios, _clock());
    }

    /// <summary>A new frame of a run (a silo's orchestrator or the CLI's status poll); the run's span starts with its first frame if not begun.</summary>
    public void OnFrame(LiveFrame frame)
    {
        lock (_gate)
        {
            var run = Run(frame.RunId, frame.Scenarios.Select(s => s.Scenario).ToList(), frame.Time - TimeSpan.FromSeconds(frame.Elapsed));
            run.Apply(frame, _clock());
            if (frame.Final && _endSpanOnFinalFrame) run.StopSpan(verdict: null);
        }
    }

    /// <summary>The run is over: its span ends with the verdict (passed, failed, interrupted).</summary>
    public void EndRun(string runId, string verdict)
    {
        lock (_gate)
        {
            if (_runs.TryGetValue(runId, out var run)) run.StopSpan(verdict);
        }
    }

    private RunState Run(string runId, IReadOnlyList<string> scenarios, DateTimeOffset start)
    {
        Forget(_clock());
        if (_runs.TryGetValue(runId, out var run)) return run;
        run = new RunState(runId);
        _runs[runId] = run;
        // The span must not become the ambient parent of whatever this thread does next (grain calls, HTTP).
        var previous = Activity.Current;
        var span = _source.StartActivity(N.RunSpan, ActivityKind.Internal, default(ActivityContext), startTime: start);
        Activity.Current = previous;
        if (span is not null)
        {
            span.SetTag(N.RunId, runId);
            span.SetTag(N.SpanScenarios, string.Join(",", scenarios));
            run.Span = span;
        }
        return run;
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var (id, run) in _runs.ToList())
        {
            if (now - run.LastFrameAt <= KeepFinished) continue;
            run.StopSpan(verdict: null);
            _runs.Remove(id);
        }
    }

    private IEnumerable<Measurement<T>> Collect<T>(Func<RunState, IEnumerable<Measurement<T>>> read) where T : struct
    {
        lock (_gate)
        {
            Forget(_clock());
            return _runs.Values.SelectMany(read).ToList();
        }
    }

    private IEnumerable<Measurement<long>> Requests(RunState run)
    {
        Interlocked.Increment(ref _collections);
        foreach (var (key, count) in run.ByStatus)
            yield return new Measurement<long>(count, Tag(N.RunId, run.RunId), Tag(N.Scenario, key.Scenario), Tag(N.Name, key.Name),
                Tag(N.Method, key.Method), Tag(N.Status, key.Status));
    }

    private static IEnumerable<Measurement<long>> Failures(RunState run) =>
        run.FailuresByRequest.Select(x => new Measurement<long>(x.Value, Tag(N.RunId, run.RunId), Tag(N.Scenario, x.Key.Scenario),
            Tag(N.Name, x.Key.Name), Tag(N.Method, x.Key.Method)));

    private static IEnumerable<Measurement<long>> ScenarioCount(RunState run, Func<LiveCounts, long> read) =>
        run.Scenarios.Values.Select(s => new Measurement<long>(read(s.Totals), Tag(N.RunId, run.RunId), Tag(N.Scenario, s.Scenario)));

    private static IEnumerable<Measurement<long>> Checks(RunState run) =>
        run.Scenarios.Values.SelectMany(s => new[]
        {
            new Measurement<long>(s.Totals.ChecksPassed, Tag(N.RunId, run.RunId), Tag(N.Scenario, s.Scenario), Tag(N.Passed, "true")),
            new Measurement<long>(s.Totals.ChecksFailed, Tag(N.RunId, run.RunId), Tag(N.Scenario, s.Scenario), Tag(N.Passed, "false")),
        });

    private static IEnumerable<Measurement<long>> ScenarioGauge(RunState run, Func<LiveScenario, long> read) =>
        run.Scenarios.Values.Select(s => new Measurement<long>(read(s), Tag(N.RunId, run.RunId), Tag(N.Scenario, s.Scenario)));

    /// <summary>Per scenario (no <c>name</c> attribute) and per request name: the last second that had requests.</summary>
    private static IEnumerable<Measurement<double>> Latency(RunState run, Func<LiveLatency, double> read)
    {
        foreach (var s in run.Scenarios.Values)
            if (s.Latency is { } l)
                yield return new Measurement<double>(read(l), Tag(N.RunId, run.RunId), Tag(N.Scenario, s.Scenario));
        foreach (var (key, l) in run.LatencyByRequest)
            yield return new Measurement<double>(read(l), Tag(N.RunId, run.RunId), Tag(N.Scenario, key.Scenario), Tag(N.Name, key.Name),
                Tag(N.Method, key.Method));
    }

    private static IEnumerable<Measurement<long>> Protocol(RunState run, Func<LiveProtocol, long> read) =>
        run.Protocols.Values.Select(p => new Measurement<long>(read(p), Tag(N.RunId, run.RunId), Tag(N.Protocol, p.Protocol)));

    /// <summary>Per protocol: the last second that had a latency.</summary>
    private static IEnumerable<Measurement<double>> ProtocolLatency(RunState run, Func<LiveLatency, double> read)
    {
        foreach (var (protocol, l) in run.ProtocolLatency)
            yield return new Measurement<double>(read(l), Tag(N.RunId, run.RunId), Tag(N.Protocol, protocol));
    }

    /// <summary>Per silo: the last value each gauge had in a frame.</summary>
    private static IEnumerable<Measurement<double>> Generator(RunState run, Func<LiveGenerator, double?> read)
    {
        foreach (var g in run.Generators.Values)
            if (read(g) is { } v)
                yield return new Measurement<double>(v, Tag(N.RunId, run.RunId), Tag(N.Silo, g.Silo));
    }

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var run in _runs.Values) run.StopSpan(verdict: null);
        }
        _meter.Dispose();
        _source.Dispose();
    }

    private readonly record struct RequestKey(string Scenario, string Name, string Method);

    private readonly record struct StatusKey(string Scenario, string Name, string Method, string Status);

    /// <summary>What the instruments read of one run.</summary>
    private sealed class RunState(string runId)
    {
        public string RunId { get; } = runId;
        public Activity? Span { get; set; }
        public DateTimeOffset LastFrameAt { get; private set; } = DateTimeOffset.MaxValue;
        public Dictionary<string, LiveScenario> Scenarios { get; } = new(StringComparer.Ordinal);
        public Dictionary<StatusKey, long> ByStatus { get; } = new();
        public Dictionary<RequestKey, long> FailuresByRequest { get; } = new();
        public Dictionary<RequestKey, LiveLatency> LatencyByRequest { get; } = new();
        public Dictionary<string, LiveGenerator> Generators { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, LiveProtocol> Protocols { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, LiveLatency> ProtocolLatency { get; } = new(StringComparer.Ordinal);

        public void Apply(LiveFrame frame, DateTimeOffset now)
        {
            LastFrameAt = now;
            foreach (var s in frame.Scenarios) Scenarios[s.Scenario] = s;
            foreach (var row in frame.Requests)
            {
                var key = new RequestKey(row.Scenario, row.Name, row.Method);
                foreach (var (status, count) in row.Statuses)
                {
                    var sk = new StatusKey(row.Scenario, row.Name, row.Method, status);
                    ByStatus[sk] = ByStatus.GetValueOrDefault(sk) + count;
                }
                FailuresByRequest[key] = FailuresByRequest.GetValueOrDefault(key) + row.Failures;
                if (row.Latency is { } l) LatencyByRequest[key] = l;
            }
            foreach (var p in frame.Protocols)
            {
                Protocols[p.Protocol] = p;
                if (p.Latency is { } l) ProtocolLatency[p.Protocol] = l;
            }
            foreach (var g in frame.Generators)
            {
                // A gauge missing from this second keeps the silo's previous value.
                var before = Generators.GetValueOrDefault(g.Silo);
                Generators[g.Silo] = before is null ? g : new LiveGenerator
                {
                    Silo = g.Silo, Cpu = g.Cpu ?? before.Cpu, ThreadPoolQueue = g.ThreadPoolQueue ?? before.ThreadPoolQueue,
                    GcPauseMs = g.GcPauseMs ?? before.GcPauseMs, AllocRate = g.AllocRate ?? before.AllocRate,
                    FlushInterval = g.FlushInterval ?? before.FlushInterval,
                };
            }
            if (Span is { } span) span.SetTag(N.SpanRequests, frame.Totals.Requests);
        }

        public void StopSpan(string? verdict)
        {
            if (Span is not { } span) return;
            if (verdict is not null)
            {
                span.SetTag(N.SpanVerdict, verdict);
                span.SetStatus(verdict == "passed" ? ActivityStatusCode.Ok : ActivityStatusCode.Error, verdict == "passed" ? null : verdict);
            }
            span.Stop();
            Span = null;
        }
    }
}
