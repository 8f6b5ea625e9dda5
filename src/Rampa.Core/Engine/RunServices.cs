using System.Collections.Concurrent;
using Rampa.Core.Metrics;
using Rampa.Core.Protocols.Http;
using Rampa.Core.Scenarios;
using Rampa.Core.Workloads.Http;

namespace Rampa.Core.Engine;

/// <summary>
/// What one run shares between the VUs of one silo: the plan, the metric sink, the request-timeout watchdog, and per scenario the byte counters,
/// the prepared requests and the iteration series. One per run per silo; nothing in it crosses silos.
/// </summary>
public sealed class RunServices : IDisposable
{
    private readonly ConcurrentDictionary<string, ScenarioState> _scenarios = new(StringComparer.Ordinal);

    public RunServices(string runId, TestPlan plan, MetricSink metrics)
    {
        RunId = runId;
        Plan = plan;
        Metrics = metrics;
    }

    private Rampa.Core.Data.RunData? _data;

    /// <summary>The run's data sources on this silo; unless given (a cluster gives its grains'), each source's coordinator lives in this process.</summary>
    public Rampa.Core.Data.RunData Data
    {
        get => _data ??= Rampa.Core.Data.RunData.Local(Plan.Data, Plan.Seed);
        init => _data = value;
    }

    public string RunId { get; }
    public TestPlan Plan { get; }
    public MetricSink Metrics { get; }

    /// <summary>What the run's C# <c>[Setup]</c> returned, as JSON (null without one): every VU reads it.</summary>
    public string? SetupData { get; init; }

    private string? _abortReason;

    /// <summary>Why a scenario asked to stop the whole run (<c>worker.Abort</c>, exit 108); null while none did.</summary>
    public string? AbortReason => Volatile.Read(ref _abortReason);

    /// <summary>A scenario stops the run: the segment runner reports it and the orchestrator stops every silo. The first reason stays.</summary>
    public void RequestAbort(string reason) => Interlocked.CompareExchange(ref _abortReason, reason, null);

    private readonly ConcurrentDictionary<(string Scenario, Type Kind), object> _workloadState = new();

    /// <summary>A workload's own state for one scenario on this silo, shared by its VUs (created once).</summary>
    public T WorkloadState<T>(ScenarioPlan scenario, Func<T> create) where T : class =>
        (T)_workloadState.GetOrAdd((scenario.Name, typeof(T)), _ => create());

    /// <summary>A protocol step's state shared by the scenario's VUs on this silo (created once per step).</summary>
    public T StepState<T>(ScenarioPlan scenario, object step, Func<T> create) where T : class =>
        (T)StateOf(scenario).Steps.GetOrAdd(step, _ => create());

    public ScenarioSeries SeriesFor(ScenarioPlan scenario) => StateOf(scenario).Series;

    /// <summary>Counts the bytes of the scenario's connections into its data_sent/data_received series.</summary>
    public TrafficCounter TrafficFor(ScenarioPlan scenario) => StateOf(scenario).Traffic;

    /// <summary>The scenario's HTTP/2 connections shared by its VUs (<c>connections: shared</c>), made on first use.</summary>
    public Http2Transport SharedHttp2For(ScenarioPlan scenario)
    {
        var state = StateOf(scenario);
        if (state.SharedHttp2 is { } transport) return transport;
        lock (state)
            return state.SharedHttp2 ??= new Http2Transport(state.Traffic, Plan.InsecureSkipTlsVerify, shared: true);
    }

    /// <summary>Enforces every VU's request timeout on this silo with one timer.</summary>
    public DeadlineWatchdog Deadlines { get; } = new();

    /// <summary>The scenario's request preparer: each request spec is prepared once and shared by the VUs.</summary>
    public Func<RequestSpec, PreparedRequest> PreparedFor(ScenarioPlan scenario)
    {
        var state = StateOf(scenario);
        return spec => state.Prepared.GetOrAdd(spec, s => new PreparedRequest(s, Plan.Defaults, Metrics, state.Series.BaseTags));
    }

    /// <summary>Records the bytes every connection moved since the last call (once a second, and at the end).</summary>
    public void CollectTraffic()
    {
        foreach (var s in _scenarios.Values) s.Traffic.Collect();
    }

    private ScenarioState StateOf(ScenarioPlan scenario) =>
        _scenarios.GetOrAdd(scenario.Name, _ => new ScenarioState(scenario, Metrics));

    public void Dispose()
    {
        Deadlines.Dispose();
        foreach (var s in _scenarios.Values) s.SharedHttp2?.Dispose();
    }


    private sealed class ScenarioState
    {
        public ScenarioState(ScenarioPlan scenario, MetricSink sink)
        {
            Series = new ScenarioSeries(sink, scenario);
            Traffic = new TrafficCounter(sink, Series.DataSent, Series.DataReceived);
        }

        public ScenarioSeries Series { get; }
        public TrafficCounter Traffic { get; }
        public Http2Transport? SharedHttp2 { get; set; }
        public ConcurrentDictionary<RequestSpec, PreparedRequest> Prepared { get; } = new(ReferenceEqualityComparer.Instance);
        public ConcurrentDictionary<object, object> Steps { get; } = new(ReferenceEqualityComparer.Instance);
    }
}
