using Rampa.Core.Metrics;
using Rampa.Core.Scenarios;

namespace Rampa.Core.Engine;

/// <summary>
/// One VU's identity and its share of the run's silo-local services. Created once per VU on the silo that runs it;
/// owned by that VU alone (its random stream and variables are never shared).
/// </summary>
public sealed class VuContext
{
    public required RunServices Services { get; init; }
    public required ScenarioPlan Scenario { get; init; }
    /// <summary>Global VU number, from 1, unique across the run's scenarios (the <c>{{vu}}</c> variable).</summary>
    public required long Vu { get; init; }
    /// <summary>The VU's index inside its scenario, from 0.</summary>
    public required int ScenarioVuIndex { get; init; }
    /// <summary>The VU's own random stream, derived from the run's seed, scenario and VU: one seed, one sequence.</summary>
    public required Random Random { get; init; }
    /// <summary>VU variables (captured values), read by templates.</summary>
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);
    /// <summary>The VU's current rows of the run's data sources (<c>{{data.SOURCE.COLUMN}}</c>).</summary>
    public Data.VuData Data { get; } = new();

    public MetricSink Metrics => Services.Metrics;
}

/// <summary>The iteration being run: what templates and recorders need to know about it.</summary>
public sealed class IterationContext : ITemplateValues
{
    public IterationContext(VuContext vu) => VuContext = vu;

    public VuContext VuContext { get; }
    /// <summary>The VU's iteration number, from 0 (the <c>{{iteration}}</c> variable).</summary>
    public long Iteration { get; internal set; }

    /// <summary>The value of <see cref="ScheduledStart"/> and <see cref="ScheduledIndex"/> outside the open model.</summary>
    public const long NotScheduled = -1;

    /// <summary>Open model: the iteration's index in the executor's global schedule (from 0), else <see cref="NotScheduled"/>.</summary>
    public long ScheduledIndex { get; internal set; } = NotScheduled;

    /// <summary>Open model: the iteration's scheduled start (monotonic clock ticks), else <see cref="NotScheduled"/>.</summary>
    public long ScheduledStart { get; internal set; } = NotScheduled;

    long ITemplateValues.Vu => VuContext.Vu;
    public string Scenario => VuContext.Scenario.Name;
    public string? GetVariable(string name) => VuContext.Variables.TryGetValue(name, out var v) ? v : null;
    public string? GetData(int source, int column) => VuContext.Data.Get(source, column);
}
