using Rampa.Core.Engine;
using Rampa.Core.Segments;

namespace Rampa.Core.Executors;

/// <summary>
/// constant-vus: <see cref="Vus"/> VUs each loop iterations back to back for <see cref="Duration"/>.
/// Plan: the VU count is <see cref="Vus"/> for the whole duration; nothing is ever dropped.
/// </summary>
public sealed record ConstantVus : ExecutorConfig
{
    public const string Name = "constant-vus";
    public override string Kind => Name;

    /// <summary>Its options (docs/semantics.md#executors), which are required, and how it reads them.</summary>
    public static readonly ExecutorType Type = new(Name, ["vus", "duration"], ["duration"], ReadOptions);

    private static ConstantVus ReadOptions(IExecutorOptionSource options)
    {
        var c = new ConstantVus();
        if (options.Int("vus") is { } vus) c = c with { Vus = vus };
        if (options.Duration("duration") is { } duration) c = c with { Duration = duration };
        return c;
    }

    public override bool IsArrivalRate => false;

    public int Vus { get; init; } = 1;
    public TimeSpan Duration { get; init; }

    public override TimeSpan RegularDuration => Duration;
    public override int MaxVus => Vus;

    internal override IExecutorDriver CreateDriver(ScenarioSegmentRun run, ExecutionSegmentSequence segments, int segment) =>
        new ConstantVusDriver(run);

    protected override void ValidateOptions(List<OptionError> errors)
    {
        if (Vus <= 0) errors.Add(new("vus", "must be greater than 0"));
        if (Duration < TimeSpan.FromSeconds(1)) errors.Add(new("duration", "must be at least 1s"));
    }

    /// <summary>Planned active VUs at offset <paramref name="t"/> from the executor's start.</summary>
    public int PlannedVusAt(TimeSpan t) => t >= TimeSpan.Zero && t < Duration ? Vus : 0;
}
