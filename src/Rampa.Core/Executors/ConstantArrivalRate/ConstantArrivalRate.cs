using System.Numerics;
using Rampa.Core.Engine;
using Rampa.Core.Segments;

namespace Rampa.Core.Executors;

/// <summary>
/// constant-arrival-rate: starts <see cref="Rate"/> iterations per <see cref="TimeUnit"/> for <see cref="Duration"/>,
/// whatever the target does (open model).
/// <para>
/// Math: period P = timeUnit / rate; iteration g (0-based) starts at exactly g*P from the executor's start,
/// computed (not accumulated) so a late start is caught up at once. Iterations start strictly before the duration
/// ends, so the total is ceil(duration * rate / timeUnit). Offsets are computed in 128-bit integer ticks: no drift.
/// </para>
/// </summary>
public sealed record ConstantArrivalRate : ExecutorConfig, IArrivalRateExecutor
{
    public const string Name = "constant-arrival-rate";
    public override string Kind => Name;

    /// <summary>Its options (docs/semantics.md#executors), which are required, and how it reads them.</summary>
    public static readonly ExecutorType Type = new(Name, ["rate", "timeUnit", "duration", "preAllocatedVUs", "maxVUs", "arrival"], ["rate", "duration", "preAllocatedVUs"], ReadOptions);

    private static ConstantArrivalRate ReadOptions(IExecutorOptionSource options)
    {
        var c = new ConstantArrivalRate();
        if (options.Long("rate") is { } rate) c = c with { Rate = rate };
        if (options.Duration("timeUnit") is { } unit) c = c with { TimeUnit = unit };
        if (options.Duration("duration") is { } duration) c = c with { Duration = duration };
        if (options.Int("preAllocatedVUs") is { } pre) c = c with { PreAllocatedVus = pre };
        if (options.Int("maxVUs") is { } max) c = c with { MaxVusOption = max };
        if (options.Arrival("arrival") is { } arrival) c = c with { Arrival = arrival };
        return c;
    }

    public override bool IsArrivalRate => true;

    public long Rate { get; init; }
    public TimeSpan TimeUnit { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan Duration { get; init; }
    public int PreAllocatedVus { get; init; }
    public int? MaxVusOption { get; init; }
    public ArrivalDistribution Arrival { get; init; } = ArrivalDistribution.Uniform;

    public override TimeSpan RegularDuration => Duration;
    public override int MaxVus => MaxVusOption ?? PreAllocatedVus;

    public double PeakRatePerSecond => Rate / TimeUnit.TotalSeconds;

    public IEnumerable<TimeSpan> ScheduleOffsets(long seed, string scenario) => Arrival == ArrivalDistribution.Poisson
        ? PoissonStartOffsets(ArrivalSchedule.PoissonStream(seed, scenario))
        : StartOffsets();

    internal override IExecutorDriver CreateDriver(ScenarioSegmentRun run, ExecutionSegmentSequence segments, int segment) =>
        new ArrivalRateDriver(run, this, segments, segment);

    protected override void ValidateOptions(List<OptionError> errors)
    {
        if (Rate <= 0) errors.Add(new("rate", "must be greater than 0"));
        if (TimeUnit <= TimeSpan.Zero) errors.Add(new("timeUnit", "must be greater than 0"));
        if (Duration < TimeSpan.FromSeconds(1)) errors.Add(new("duration", "must be at least 1s"));
        if (PreAllocatedVus < 0) errors.Add(new("preAllocatedVUs", "must not be negative"));
        if (MaxVus < PreAllocatedVus) errors.Add(new("maxVUs", $"must be at least preAllocatedVUs ({PreAllocatedVus})"));
    }

    /// <summary>Total iterations the schedule starts.</summary>
    public long TotalIterations =>
        Rate <= 0 || TimeUnit <= TimeSpan.Zero ? 0
        : (long)CeilDiv((BigInteger)Duration.Ticks * Rate, TimeUnit.Ticks);

    /// <summary>Scheduled start of iteration <paramref name="g"/> (0-based) from the executor's start.</summary>
    public TimeSpan StartOffset(long g) => TimeSpan.FromTicks((long)((BigInteger)g * TimeUnit.Ticks / Rate));

    /// <summary>Every scheduled start, in order: <see cref="StartOffset"/> of 0 .. <see cref="TotalIterations"/>-1.</summary>
    public IEnumerable<TimeSpan> StartOffsets()
    {
        var total = TotalIterations;
        for (long g = 0; g < total; g++) yield return StartOffset(g);
    }

    /// <summary>
    /// <c>arrival: poisson</c>: a Poisson process with the same mean rate. The gaps between starts are exponential with
    /// mean P = timeUnit / rate, drawn from <paramref name="random"/> (the first start comes after the first gap); every
    /// start before <see cref="Duration"/> is kept. Offsets are the running sum of the gaps, fixed in advance: a late start
    /// still does not move the ones after it.
    /// </summary>
    public IEnumerable<TimeSpan> PoissonStartOffsets(Random random)
    {
        if (Rate <= 0 || TimeUnit <= TimeSpan.Zero) yield break;
        var period = (double)TimeUnit.Ticks / Rate;
        foreach (var area in ArrivalSchedule.PoissonAreas(random))
        {
            var ticks = area * period;
            if (ticks >= Duration.Ticks) yield break;
            yield return TimeSpan.FromTicks((long)ticks);
        }
    }

    private static BigInteger CeilDiv(BigInteger a, BigInteger b) => (a + b - 1) / b;
}
