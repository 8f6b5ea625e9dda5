using Rampa.Core.Engine;
using Rampa.Core.Scenarios;

namespace Rampa.Core.Workloads.Http;

/// <summary>
/// A flow step of a protocol other than HTTP requests (a WebSocket session, a Server-Sent Events stream, a gRPC call),
/// read by its <see cref="Protocols.IProtocol"/>. The flow runs it in order with the other steps, inside its groups, and
/// its time counts in the iteration; what it records is its own (its protocol's metrics, checks, data sent/received).
/// </summary>
public abstract record ProtocolStep : FlowStep
{
    /// <summary>The step's <c>name</c> tag.</summary>
    public required string Name { get; init; }

    /// <summary>Where the step is in the file, for messages at run time.</summary>
    public SourceLocation Location { get; init; }

    /// <summary>The path of the group the step is in (its <c>group</c> tag); null outside groups.</summary>
    public string? Group { get; init; }

    /// <summary>The step's own <c>tags</c>, added to every sample it records (beside the system tags).</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Creates the step's runner for one VU, once, when the VU is created. State shared by every VU of the scenario on
    /// this silo (series ids, parsed messages, a connection pool) belongs in <see cref="StepRunnerContext.Shared{T}"/>.
    /// </summary>
    public abstract IStepRunner CreateRunner(StepRunnerContext context);
}

/// <summary>One VU's runner of one protocol step: runs the step once per iteration, never twice at once.</summary>
public interface IStepRunner : IDisposable
{
    /// <summary>
    /// Runs the step and records its samples. Returns false when the iteration must stop here (the step's checks failed
    /// and it asks for that); a failing target is recorded as failures, never thrown. <paramref name="cancellation"/> is
    /// the VU's interrupt (the run's end): stop promptly and record nothing that was not measured.
    /// </summary>
    ValueTask<bool> RunAsync(IterationContext iteration, CancellationToken cancellation);
}

/// <summary>What a step's runner is created with: its VU, the scenario's series and traffic counter, shared state.</summary>
public sealed class StepRunnerContext
{
    private readonly ProtocolStep _step;

    internal StepRunnerContext(VuContext vu, ProtocolStep step)
    {
        Vu = vu;
        _step = step;
    }

    public VuContext Vu { get; }
    public RunServices Services => Vu.Services;
    public Metrics.MetricSink Metrics => Vu.Metrics;

    /// <summary>The scenario's series: its base tags (<c>scenario</c> and the scenario's tags), data_sent/data_received ids.</summary>
    public ScenarioSeries Series => Services.SeriesFor(Vu.Scenario);

    /// <summary>Counts the bytes of the scenario's connections into data_sent/data_received (wrap a stream with it).</summary>
    public Protocols.Http.TrafficCounter Traffic => Services.TrafficFor(Vu.Scenario);

    /// <summary>One VU's request timeouts are enforced by this silo-wide watchdog.</summary>
    public Protocols.Http.DeadlineWatchdog Deadlines => Services.Deadlines;

    /// <summary>The tags every sample of the step carries: the scenario's base tags, <c>name</c>, <c>group</c> and the step's own.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> StepTags()
    {
        var tags = new Dictionary<string, string>(Series.BaseTags.ToDictionary(), StringComparer.Ordinal);
        foreach (var (k, v) in _step.Tags) tags[k] = v;
        tags["name"] = _step.Name;
        if (_step.Group is { } g) tags["group"] = g;
        return [.. tags];
    }

    /// <summary>State of this step shared by the scenario's VUs on this silo, created by the first VU that asks.</summary>
    public T Shared<T>(Func<T> create) where T : class => Services.StepState(Vu.Scenario, _step, create);
}
