using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Rampa.Core.Engine;
using Rampa.Core.Metrics;
using Rampa.Core.Scenarios;
using Rampa.Sdk;

namespace Rampa.Core.Workloads.Code;

/// <summary>
/// One code scenario's series on one silo, shared by its VUs: checks, custom metrics, iteration errors and requests
/// each register their series on first sight, so the hot path is a dictionary lookup and a sink add.
/// </summary>
internal sealed class CodeScenarioState(RunServices services, ScenarioPlan scenario, Assembly code)
{
    private readonly ConcurrentDictionary<(string Name, string? Group), int> _checks = new();
    private readonly ConcurrentDictionary<(string Metric, string? Group), int> _metrics = new();
    private readonly ConcurrentDictionary<string, int> _taggedMetrics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Type, string Place), int> _errors = new();
    private readonly ConcurrentDictionary<(string Method, string Name, string? Group), RequestSeries> _requests = new();
    private readonly ConcurrentDictionary<string, RequestSeries> _taggedRequests = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<KeyValuePair<string, string>> _baseTags = services.SeriesFor(scenario).BaseTags;
    private readonly ConcurrentDictionary<(string Method, string Url), Rampa.Core.Protocols.Http.HttpTarget> _targets = new();

    /// <summary>The series of <c>worker.Grpc</c> calls, per method and group.</summary>
    public ConcurrentDictionary<(string Method, string? Group), Rampa.Core.Protocols.Grpc.GrpcSeries> GrpcSeries { get; } = new();

    /// <summary>Requests kept ready as bytes: enough for a scenario's fixed URLs, bounded for one that builds a new URL each time.</summary>
    private const int MaxCachedTargets = 4096;

    /// <summary>
    /// A request without its own headers or body, written to bytes once per method and URL and sent as is after
    /// (what YAML does for a constant request): parsing the URL and writing the request cost as much as sending it.
    /// </summary>
    public bool TryGetTarget(string method, string url, out Rampa.Core.Protocols.Http.HttpTarget? target) =>
        _targets.TryGetValue((method, url), out target);

    /// <summary>Keeps <paramref name="target"/> for the next request to the same method and URL (while the cache has room); returns it.</summary>
    public Rampa.Core.Protocols.Http.HttpTarget AddTarget(string method, string url, Rampa.Core.Protocols.Http.HttpTarget target)
    {
        if (_targets.Count < MaxCachedTargets) _targets.TryAdd((method, url), target);
        return target;
    }

    public RunServices Services => services;
    public ScenarioPlan Scenario => scenario;
    public MetricSink Sink => services.Metrics;

    public int Check(string name, string? group) => _checks.TryGetValue((name, group), out var id) ? id
        : _checks.GetOrAdd((name, group), k => Sink.Register(BuiltinMetrics.Checks, With(k.Group, null, ("check", k.Name))));

    public int Metric(CustomMetric metric, string? group, IReadOnlyDictionary<string, string>? tags)
    {
        if (tags is null or { Count: 0 })
            return _metrics.TryGetValue((metric.Name, group), out var id) ? id
                : _metrics.GetOrAdd((metric.Name, group), k => Sink.Register(Definition(metric), With(k.Group, null)));
        var key = $"{metric.Name}\u0001{group}\u0001{string.Join('\u0001', tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"))}";
        return _taggedMetrics.GetOrAdd(key, _ => Sink.Register(Definition(metric), With(group, tags)));
    }

    /// <summary>Counts an exception of the scenario's code in <c>iteration_errors</c>, by type and where it was thrown; the first keeps its message.</summary>
    public void Error(Exception e)
    {
        var type = e.GetType().Name;
        var place = PlaceOf(e);
        var id = _errors.GetOrAdd((type, place), k => Sink.Register(BuiltinMetrics.IterationErrors, With(null, null, ("error", k.Type), ("place", k.Place))));
        if (Sink.WantsMessage(id)) Sink.NoteMessage(id, $"{type}: {FirstLine(e.Message)}");
        Sink.Add(id, 1);
    }

    /// <summary>The series a request records into, by method, name, group, tags and expected statuses.</summary>
    public RequestSeries Request(string method, string name, string? group, IReadOnlyDictionary<string, string>? tags, StatusSet expected, bool customExpected)
    {
        if (tags is null or { Count: 0 } && !customExpected)
            return _requests.TryGetValue((method, name, group), out var p) ? p
                : _requests.GetOrAdd((method, name, group), k => Prepare(k.Method, k.Name, k.Group, null, expected));
        var key = $"{method}\u0001{name}\u0001{group}\u0001{expected}\u0001{string.Join('\u0001', (tags ?? new Dictionary<string, string>()).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"))}";
        return _taggedRequests.GetOrAdd(key, _ => Prepare(method, name, group, tags, expected));
    }

    private RequestSeries Prepare(string method, string name, string? group, IReadOnlyDictionary<string, string>? tags, StatusSet expected) =>
        new(Sink, With(group, tags), name, method, expected);

    private Dictionary<string, string> With(string? group, IReadOnlyDictionary<string, string>? tags, params (string Key, string Value)[] more)
    {
        var all = new Dictionary<string, string>(_baseTags.ToDictionary(), StringComparer.Ordinal);
        if (tags is not null) foreach (var (k, v) in tags) all[k] = v;
        if (group is not null) all["group"] = group;
        foreach (var (k, v) in more) all[k] = v;
        return all;
    }

    private static MetricDefinition Definition(CustomMetric metric) => new(metric.Name, metric.Kind switch
    {
        CustomMetricKind.Counter => MetricType.Counter,
        CustomMetricKind.Gauge => MetricType.Gauge,
        CustomMetricKind.Rate => MetricType.Rate,
        _ => MetricType.Trend,
    }, metric.IsTime ? MetricUnit.Time : MetricUnit.None);

    /// <summary>The frame of the scenario's own code closest to the throw: <c>File.cs:line</c>, else <c>Class.Method</c>.</summary>
    private string PlaceOf(Exception e)
    {
        foreach (var frame in new StackTrace(e, fNeedFileInfo: true).GetFrames())
        {
            var method = frame.GetMethod();
            if (method?.Module.Assembly != code) continue;
            if (frame.GetFileName() is { } file && frame.GetFileLineNumber() > 0)
                return $"{Path.GetFileName(file)}:{frame.GetFileLineNumber()}";
            var type = method.DeclaringType;
            // An async method's frame is its state machine's MoveNext: name the method it was generated from.
            if (type is not null && type.Name.StartsWith('<') && type.DeclaringType is { } outer)
                return $"{outer.Name}.{type.Name[1..type.Name.IndexOf('>')]}";
            return $"{type?.Name}.{method.Name}";
        }
        return "outside the scenario's code";
    }

    private static string FirstLine(string text)
    {
        var line = text.AsSpan();
        var end = line.IndexOfAny('\r', '\n');
        if (end >= 0) line = line[..end];
        return line.Length > 300 ? string.Concat(line[..300], "…") : line.ToString();
    }
}
