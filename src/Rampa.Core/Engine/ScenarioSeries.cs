using Rampa.Core.Metrics;
using Rampa.Core.Scenarios;

namespace Rampa.Core.Engine;

/// <summary>The series ids a scenario's VUs record iteration metrics into, registered once per scenario per silo.</summary>
public sealed class ScenarioSeries
{
    private readonly MetricSink _sink;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _groupDurations = new(StringComparer.Ordinal);

    public ScenarioSeries(MetricSink sink, ScenarioPlan scenario)
    {
        _sink = sink;
        BaseTags = BaseTagsOf(scenario);
        Iterations = sink.Register(BuiltinMetrics.Iterations, BaseTags);
        IterationDuration = sink.Register(BuiltinMetrics.IterationDuration, BaseTags);
        Interrupted = sink.Register(BuiltinMetrics.InterruptedIterations, BaseTags);
        Dropped = sink.Register(BuiltinMetrics.DroppedIterations, BaseTags);
        IterationStartLag = sink.Register(BuiltinMetrics.IterationStartLag, BaseTags);
        IterationResponseTime = sink.Register(BuiltinMetrics.IterationResponseTime, BaseTags);
        DataSent = sink.Register(BuiltinMetrics.DataSent, BaseTags);
        DataReceived = sink.Register(BuiltinMetrics.DataReceived, BaseTags);
    }

    /// <summary>The system tag <c>scenario</c> plus the scenario's own tags.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> BaseTags { get; }
    public int Iterations { get; }
    public int IterationDuration { get; }
    public int Interrupted { get; }
    public int Dropped { get; }
    /// <summary>Open model: actual minus scheduled start.</summary>
    public int IterationStartLag { get; }
    /// <summary>Open model: end minus scheduled start (latency free of coordinated omission).</summary>
    public int IterationResponseTime { get; }
    public int DataSent { get; }
    public int DataReceived { get; }

    /// <summary>The <c>group_duration</c> series of a group (by its path, e.g. <c>::checkout</c>): the base tags plus <c>group</c>.</summary>
    public int GroupDuration(string groupPath) =>
        _groupDurations.GetOrAdd(groupPath, path => _sink.Register(BuiltinMetrics.GroupDuration, new Dictionary<string, string>(BaseTags.ToDictionary()) { ["group"] = path }));

    public static IReadOnlyList<KeyValuePair<string, string>> BaseTagsOf(ScenarioPlan scenario)
    {
        var tags = new Dictionary<string, string>(scenario.Tags) { ["scenario"] = scenario.Name };
        return tags.ToList();
    }
}
