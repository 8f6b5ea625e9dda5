using System.Text.Json;
using Rampa.Core.Engine;
using Rampa.Core.Metrics;
using Rampa.Core.Scenarios;
using Rampa.Core.Time;
using Rampa.Sdk;

namespace Rampa.Core.Workloads.Code;

/// <summary>
/// The engine's <see cref="Worker"/>: one per VU (and one for setup and teardown), recording into the silo's sink
/// through the scenario's shared <see cref="CodeScenarioState"/>.
/// </summary>
internal sealed class CodeWorker : Worker, IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly VuContext _vu;
    private readonly CodeScenarioState _state;
    private readonly CodeRequestDefaults _defaults;
    private readonly CodeHttp _http;
    private readonly CodeWebSocket _webSocket;
    private readonly CodeGrpc _grpc;
    private readonly string? _setupData;
    private readonly Dictionary<Type, object?> _setupValues = [];
    private IterationContext? _iteration;
    private string? _groupPath;
    private CancellationToken _cancellation;
    private Dictionary<string, CodeData>? _data;

    public CodeWorker(VuContext vu, CodeScenarioState state, CodeRequestDefaults defaults, string? setupData)
    {
        _vu = vu;
        _state = state;
        _defaults = defaults;
        _setupData = setupData;
        _http = new CodeHttp(this, state, defaults);
        _webSocket = new CodeWebSocket(this, state, defaults);
        _grpc = new CodeGrpc(this, state, defaults.Timeout);
    }

    /// <summary>Starts an iteration (or setup, teardown, VU init): its number and token, and this worker as <see cref="Worker.Current"/>.</summary>
    public void Begin(IterationContext? iteration, CancellationToken cancellation)
    {
        _iteration = iteration;
        _cancellation = cancellation;
        _groupPath = null;
        // Setting an AsyncLocal copies the execution context: skip it when this flow already has this worker.
        if (!ReferenceEquals(Current, this)) SetCurrent(this);
    }

    /// <summary>
    /// Makes this worker <see cref="Worker.Current"/> for the rest of the caller's async flow: called (synchronously) where
    /// the VU is made, so its whole loop has it and <see cref="Begin"/> need not set it, and copy the execution context,
    /// on every iteration.
    /// </summary>
    public void Attach() => SetCurrent(this);

    public string? GroupPath => _groupPath;
    public override string Scenario => _vu.Scenario.Name;
    public override long Vu => _vu.Vu;
    public override long Iteration => _iteration?.Iteration ?? 0;
    public override Random Random => _vu.Random;
    public override IDictionary<string, object?> Vars { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);
    public override WorkerHttp Http => _http;
    public override WorkerSse Sse => _sse ??= new Protocols.Sse.CodeSse(this, _state, _defaults);
    private Protocols.Sse.CodeSse? _sse;
    public override WorkerWebSocket WebSocket => _webSocket;
    public override T? Feature<T>() where T : class => _grpc as T;

    public override WorkerData Data(string name)
    {
        _data ??= new Dictionary<string, CodeData>(StringComparer.Ordinal);
        if (_data.TryGetValue(name, out var data)) return data;
        var catalog = _vu.Services.Plan.Data;
        var source = catalog.Find(name) ?? throw new KeyNotFoundException(catalog.Sources.Count == 0
            ? $"no data source '{name}': declare it with [assembly: DataSource(\"{name}\", \"file.csv\")] (or in the YAML file's data:)"
            : $"no data source '{name}' (declared: {string.Join(", ", catalog.Sources.Select(s => s.Name))})");
        return _data[name] = new CodeData(_vu, source, () => _cancellation);
    }
    public override CancellationToken Cancellation => _cancellation;

    public override string? Env(string name) =>
        _vu.Scenario.Env.TryGetValue(name, out var value) ? value : _defaults.Env(name);

    public override bool Check(string name, bool passed)
    {
        ArgumentNullException.ThrowIfNull(name);
        // The same check each iteration (a literal name, the same group) skips the shared dictionary.
        if (!ReferenceEquals(name, _lastCheckName) || !ReferenceEquals(_groupPath, _lastCheckGroup))
        {
            _lastCheckId = _state.Check(name, _groupPath);
            (_lastCheckName, _lastCheckGroup) = (name, _groupPath);
        }
        _state.Sink.Add(_lastCheckId, passed ? 1 : 0);
        return passed;
    }

    private string? _lastCheckName, _lastCheckGroup;
    private int _lastCheckId;

    public override async Task Group(string name, Func<Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var outer = Enter(name, out var series, out var start);
        try
        {
            await body().ConfigureAwait(false);
        }
        finally
        {
            Leave(outer, series, start);
        }
    }

    public override async Task<T> Group<T>(string name, Func<Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var outer = Enter(name, out var series, out var start);
        try
        {
            return await body().ConfigureAwait(false);
        }
        finally
        {
            Leave(outer, series, start);
        }
    }

    /// <summary>k6's group path: <c>::outer::inner</c>; requests and checks inside carry it as their <c>group</c> tag.</summary>
    private string? Enter(string name, out int series, out long start)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains("::", StringComparison.Ordinal)) throw new ArgumentException($"a group's name cannot contain '::' (got '{name}')", nameof(name));
        var outer = _groupPath;
        _groupPath = $"{outer}::{name}";
        series = _state.Services.SeriesFor(_vu.Scenario).GroupDuration(_groupPath);
        start = MonotonicClock.Now;
        return outer;
    }

    private void Leave(string? outer, int series, long start)
    {
        // A group cut by the run's end records nothing, as an interrupted iteration records no duration.
        if (!Cancellation.IsCancellationRequested) _state.Sink.Add(series, MonotonicClock.ToMicroseconds(MonotonicClock.Now - start));
        _groupPath = outer;
    }

    public override Task Think(TimeSpan pause) => Pause.ForAsync(pause, Cancellation).AsTask();

    public override T SetupData<T>()
    {
        if (_setupData is null) throw new InvalidOperationException("there is no setup data: the assembly has no [Setup] method, or it returned nothing");
        if (_setupValues.TryGetValue(typeof(T), out var cached)) return (T)cached!;
        var value = JsonSerializer.Deserialize<T>(_setupData, Json)!;
        _setupValues[typeof(T)] = value;
        return value;
    }

    public override void Abort(string reason)
    {
        _state.Services.RequestAbort(string.IsNullOrWhiteSpace(reason) ? "aborted by the scenario" : reason);
        throw new RunAbortedException(reason);
    }

    protected override void Record(CustomMetric metric, double value, IReadOnlyDictionary<string, string>? tags)
    {
        ArgumentNullException.ThrowIfNull(metric);
        // Times are microseconds inside Rampa (shown in ms); a time Trend's values are milliseconds, as in k6.
        _state.Sink.Add(_state.Metric(metric, _groupPath, tags), metric.IsTime ? value * 1000 : value);
    }

    public void Dispose()
    {
        _http.Dispose();
        _sse?.Dispose();
        _grpc.Dispose();
    }
}
