using Rampa.Core.Engine;
using Rampa.Core.Segments;

namespace Rampa.Core.Executors;

/// <summary>
/// per-vu-iterations: each of <see cref="Vus"/> VUs runs exactly <see cref="Iterations"/> iterations, or as many as fit
/// in <see cref="MaxDuration"/>. Plan: total = vus * iterations; at the regular end every VU adds the iterations it
/// never started to <c>dropped_iterations</c>.
/// </summary>
public sealed record PerVuIterations : ExecutorConfig
{
    public const string Name = "per-vu-iterations";
    public override string Kind => Name;

    /// <summary>Its options (docs/semantics.md#executors), which are required, and how it reads them.</summary>
    public static readonly ExecutorType Type = new(Name, ["vus", "iterations", "maxDuration"], [], ReadOptions);

    private static PerVuIterations ReadOptions(IExecutorOptionSource options)
    {
        var c = new PerVuIterations();
        if (options.Int("vus") is { } vus) c = c with { Vus = vus };
        if (options.Long("iterations") is { } iterations) c = c with { Iterations = iterations };
        if (options.Duration("maxDuration") is { } max) c = c with { MaxDuration = max };
        return c;
    }

    public override bool IsArrivalRate => false;

    public int Vus { get; init; } = 1;
    public long Iterations { get; init; } = 1;
    public TimeSpan MaxDuration { get; init; } = SharedIterations.DefaultMaxDuration;

    public override TimeSpan RegularDuration => MaxDuration;
    public override int MaxVus => Vus;
    public long TotalIterations => Vus * Iterations;

    internal override IExecutorDriver CreateDriver(ScenarioSegmentRun run, ExecutionSegmentSequence segments, int segment) =>
        new PerVuIterationsDriver(run, this);

    protected override void ValidateOptions(List<OptionError> errors)
    {
        if (Vus <= 0) errors.Add(new("vus", "must be greater than 0"));
        if (Iterations <= 0) errors.Add(new("iterations", "must be greater than 0"));
        if (MaxDuration < TimeSpan.FromSeconds(1)) errors.Add(new("maxDuration", "must be at least 1s"));
    }
}
