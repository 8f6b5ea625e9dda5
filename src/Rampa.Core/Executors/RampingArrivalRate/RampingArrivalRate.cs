using Rampa.Core.Engine;
using Rampa.Core.Segments;

namespace Rampa.Core.Executors;

/// <summary>
/// ramping-arrival-rate: the start rate follows a piecewise-linear line from <see cref="StartRate"/> through each
/// stage's target (iterations per <see cref="TimeUnit"/>), whatever the target does (open model).
/// <para>
/// Math: the number of iterations started by time t is the area under the rate line up to t; iteration i
/// (1-based) starts when that area reaches i. In a stage from r0 to r1 (per second) over D, the area after tau is
/// <c>r0*tau + (r1-r0)*tau^2/(2D)</c>: a division when flat, the positive root of a quadratic when ramping.
/// Leftover fractions carry into the next stage, so a flat 2/s stage first fires at 0.5s.
/// </para>
/// </summary>
public sealed record RampingArrivalRate : ExecutorConfig, IArrivalRateExecutor
{
    public const string Name = "ramping-arrival-rate";
    public override string Kind => Name;

    /// <summary>Its options (docs/semantics.md#executors), which are required, and how it reads them.</summary>
    public static readonly ExecutorType Type = new(Name, ["startRate", "timeUnit", "stages", "preAllocatedVUs", "maxVUs", "arrival"], ["stages", "preAllocatedVUs"], ReadOptions);

    private static RampingArrivalRate ReadOptions(IExecutorOptionSource options)
    {
        var c = new RampingArrivalRate();
        if (options.Number("startRate") is { } start) c = c with { StartRate = start };
        if (options.Duration("timeUnit") is { } unit) c = c with { TimeUnit = unit };
        if (options.Stages("stages") is { } stages) c = c with { Stages = stages };
        if (options.Int("preAllocatedVUs") is { } pre) c = c with { PreAllocatedVus = pre };
        if (options.Int("maxVUs") is { } max) c = c with { MaxVusOption = max };
        if (options.Arrival("arrival") is { } arrival) c = c with { Arrival = arrival };
        return c;
    }

    public override bool IsArrivalRate => true;

    public double StartRate { get; init; }
    public TimeSpan TimeUnit { get; init; } = TimeSpan.FromSeconds(1);
    public IReadOnlyList<Stage> Stages { get; init; } = [];
    public int PreAllocatedVus { get; init; }
    public int? MaxVusOption { get; init; }
    public ArrivalDistribution Arrival { get; init; } = ArrivalDistribution.Uniform;

    public override TimeSpan RegularDuration => Stages.Aggregate(TimeSpan.Zero, (s, x) => s + x.Duration);
    public override int MaxVus => MaxVusOption ?? PreAllocatedVus;

    public double PeakRatePerSecond => Stages.Select(s => (double)s.Target).Append(StartRate).Max() / TimeUnit.TotalSeconds;

    public IEnumerable<TimeSpan> ScheduleOffsets(long seed, string scenario) => Arrival == ArrivalDistribution.Poisson
        ? PoissonStartOffsets(ArrivalSchedule.PoissonStream(seed, scenario))
        : StartOffsets();

    internal override IExecutorDriver CreateDriver(ScenarioSegmentRun run, ExecutionSegmentSequence segments, int segment) =>
        new ArrivalRateDriver(run, this, segments, segment);

    protected override void ValidateOptions(List<OptionError> errors)
    {
        if (StartRate < 0) errors.Add(new("startRate", "must not be negative"));
        if (TimeUnit <= TimeSpan.Zero) errors.Add(new("timeUnit", "must be greater than 0"));
        if (Stages.Count == 0) errors.Add(new("stages", "at least one stage is required"));
        for (var i = 0; i < Stages.Count; i++)
        {
            if (Stages[i].Duration < TimeSpan.Zero) errors.Add(new($"stages[{i}].duration", "must not be negative"));
            if (Stages[i].Target < 0) errors.Add(new($"stages[{i}].target", "must not be negative"));
        }
        if (PreAllocatedVus < 0) errors.Add(new("preAllocatedVUs", "must not be negative"));
        if (MaxVus < PreAllocatedVus) errors.Add(new("maxVUs", $"must be at least preAllocatedVUs ({PreAllocatedVus})"));
    }

    /// <summary>Total iterations the schedule starts: the whole area under the rate line, rounded down.</summary>
    public long TotalIterations
    {
        get
        {
            var perSecond = 1.0 / TimeUnit.TotalSeconds;
            double area = 0, from = StartRate * perSecond;
            foreach (var s in Stages)
            {
                var to = s.Target * perSecond;
                area += (from + to) / 2 * s.Duration.TotalSeconds;
                from = to;
            }
            return (long)Math.Floor(area + 1e-9);
        }
    }

    /// <summary>Every scheduled start, in order, as offsets from the executor's start (iteration i starts at area i).</summary>
    public IEnumerable<TimeSpan> StartOffsets() => OffsetsAtAreas(Counting());

    /// <summary>
    /// <c>arrival: poisson</c>: a Poisson process whose rate follows the same line. Time rescaling: the areas at which
    /// iterations start are sums of unit exponential gaps drawn from <paramref name="random"/> (instead of 1, 2, 3...),
    /// so on average as many start, at the same local rate, and one seed always gives the same offsets.
    /// </summary>
    public IEnumerable<TimeSpan> PoissonStartOffsets(Random random) => OffsetsAtAreas(ArrivalSchedule.PoissonAreas(random));

    private static IEnumerable<double> Counting()
    {
        for (long i = 1; ; i++) yield return i;
    }

    /// <summary>
    /// The offsets at which the area under the rate line reaches each of <paramref name="areas"/> (increasing), until the
    /// stages end.
    /// </summary>
    public IEnumerable<TimeSpan> OffsetsAtAreas(IEnumerable<double> areas)
    {
        using var next = areas.GetEnumerator();
        if (!next.MoveNext()) yield break;
        var perSecond = 1.0 / TimeUnit.TotalSeconds;
        double carried = 0; // area completed before the current stage
        double from = StartRate * perSecond;
        var stageStart = TimeSpan.Zero;
        foreach (var s in Stages)
        {
            var to = s.Target * perSecond;
            var d = s.Duration.TotalSeconds;
            var stageArea = (from + to) / 2 * d;
            // Fire every iteration whose area threshold falls inside this stage (a tiny epsilon absorbs rounding).
            while (d > 0 && next.Current - carried <= stageArea + 1e-9)
            {
                var need = next.Current - carried;
                double tau;
                if (Math.Abs(to - from) < 1e-12) tau = need / from;
                else
                {
                    // (to-from)/(2d) * tau^2 + from * tau - need = 0, positive root, in the stable form.
                    var a = (to - from) / (2 * d);
                    var disc = Math.Max(0, from * from + 4 * a * need);
                    tau = 2 * need / (from + Math.Sqrt(disc));
                }
                yield return stageStart + TimeSpan.FromSeconds(Math.Min(tau, d));
                if (!next.MoveNext()) yield break;
            }
            carried += stageArea;
            from = to;
            stageStart += s.Duration;
        }
    }
}
