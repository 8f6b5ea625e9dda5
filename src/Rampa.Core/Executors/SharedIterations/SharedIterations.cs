using Rampa.Core.Engine;
using Rampa.Core.Segments;

namespace Rampa.Core.Executors;

/// <summary>
/// shared-iterations: <see cref="Vus"/> VUs share a pool of <see cref="Iterations"/> iterations; each VU takes the
/// next one as soon as it is free, until the pool is empty or <see cref="MaxDuration"/> passes.
/// Plan: exactly <see cref="Iterations"/> iterations are attempted unless time runs out; at the end
/// <c>dropped_iterations</c> gets <c>Iterations - attempted</c> once.
/// </summary>
public sealed record SharedIterations : ExecutorConfig
{
    public const string Name = "shared-iterations";
    public static readonly TimeSpan DefaultMaxDuration = TimeSpan.FromMinutes(10);
    public override string Kind => Name;

    /// <summary>Its options (docs/semantics.md#executors), which are required, and how it reads them.</summary>
    public static readonly ExecutorType Type = new(Name, ["vus", "iterations", "maxDuration"], [], ReadOptions);

    private static SharedIterations ReadOptions(IExecutorOptionSource options)
    {
        var c = new SharedIterations();
        if (options.Int("vus") is { } vus) c = c with { Vus = vus };
        if (options.Long("iterations") is { } iterations) c = c with { Iterations = iterations };
        if (options.Duration("maxDuration") is { } max) c = c with { MaxDuration = max };
        return c;
    }

    public override bool IsArrivalRate => false;

    public int Vus { get; init; } = 1;
    public long Iterations { get; init; } = 1;
    public TimeSpan MaxDuration { get; init; } = DefaultMaxDuration;

    public override TimeSpan RegularDuration => MaxDuration;
    public override int MaxVus => Vus;

    internal override IExecutorDriver CreateDriver(ScenarioSegmentRun run, ExecutionSegmentSequence segments, int segment) =>
        new SharedIterationsDriver(run, this, segments, segment);

    protected override void ValidateOptions(List<OptionError> errors)
    {
        if (Vus <= 0) errors.Add(new("vus", "must be greater than 0"));
        if (Iterations < Vus) errors.Add(new("iterations", $"must be at least vus ({Vus}); got {Iterations}"));
        if (MaxDuration < TimeSpan.FromSeconds(1)) errors.Add(new("maxDuration", "must be at least 1s"));
    }

    /// <summary>Iterations never started by the end: the one <c>dropped_iterations</c> sample.</summary>
    public static long Dropped(long total, long attempted) => Math.Max(0, total - attempted);
}
