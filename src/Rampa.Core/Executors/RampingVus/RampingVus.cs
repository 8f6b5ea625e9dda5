using Rampa.Core.Engine;
using Rampa.Core.Segments;

namespace Rampa.Core.Executors;

/// <summary>
/// ramping-vus: the VU count follows a piecewise-linear line from <see cref="StartVus"/> through each stage's target.
/// <para>
/// Math (docs/semantics.md#the-six-executors): inside a stage from <c>a</c> to <c>b</c> over <c>D</c> starting at <c>S</c>, the line is
/// <c>a + (b-a)(t-S)/D</c>. Ramping up, VU <c>u</c> starts when the line reaches <c>u</c> (so the planned count is
/// <c>floor(line)</c>); ramping down, VU <c>u</c> stops when the line reaches <c>u-1</c> (the count is <c>ceil(line)</c>).
/// A stage of 0s is a jump. A VU removed by a ramp-down gets <see cref="GracefulRampDown"/> to finish its iteration.
/// </para>
/// </summary>
public sealed record RampingVus : ExecutorConfig
{
    public const string Name = "ramping-vus";
    public override string Kind => Name;

    /// <summary>Its options (docs/semantics.md#executors), which are required, and how it reads them.</summary>
    public static readonly ExecutorType Type = new(Name, ["startVUs", "stages", "gracefulRampDown"], ["stages"], ReadOptions);

    private static RampingVus ReadOptions(IExecutorOptionSource options)
    {
        var c = new RampingVus();
        if (options.Int("startVUs") is { } start) c = c with { StartVus = start };
        if (options.Stages("stages") is { } stages) c = c with { Stages = stages };
        if (options.Duration("gracefulRampDown") is { } rampDown) c = c with { GracefulRampDown = rampDown };
        return c;
    }

    public override bool IsArrivalRate => false;

    public int StartVus { get; init; } = 1;
    public IReadOnlyList<Stage> Stages { get; init; } = [];
    public TimeSpan GracefulRampDown { get; init; } = TimeSpan.FromSeconds(30);

    public override TimeSpan RegularDuration => Stages.Aggregate(TimeSpan.Zero, (s, x) => s + x.Duration);
    public override int MaxVus => (int)Math.Max(StartVus, Stages.Count == 0 ? 0 : Stages.Max(s => s.Target));

    protected override void ValidateOptions(List<OptionError> errors)
    {
        if (StartVus < 0) errors.Add(new("startVUs", "must not be negative"));
        if (Stages.Count == 0) errors.Add(new("stages", "at least one stage is required"));
        for (var i = 0; i < Stages.Count; i++)
        {
            if (Stages[i].Duration < TimeSpan.Zero) errors.Add(new($"stages[{i}].duration", "must not be negative"));
            if (Stages[i].Target < 0) errors.Add(new($"stages[{i}].target", "must not be negative"));
        }
        if (GracefulRampDown < TimeSpan.Zero) errors.Add(new("gracefulRampDown", "must not be negative"));
        if (StartVus <= 0 && Stages.All(s => s.Target <= 0)) errors.Add(new("stages", "startVUs or some stage target must be greater than 0"));
    }

    internal override IExecutorDriver CreateDriver(ScenarioSegmentRun run, ExecutionSegmentSequence segments, int segment) =>
        new RampingVuDriver(run, this);

    /// <summary>Planned active VUs at offset <paramref name="t"/> (0 before the start and after the last stage).</summary>
    public int PlannedVusAt(TimeSpan t)
    {
        if (t < TimeSpan.Zero) return 0;
        long from = StartVus;
        var stageStart = TimeSpan.Zero;
        foreach (var stage in Stages)
        {
            var stageEnd = stageStart + stage.Duration;
            if (t < stageEnd)
            {
                var line = from + (stage.Target - from) * ((t - stageStart) / stage.Duration);
                return (int)(stage.Target >= from ? Math.Floor(line + 1e-9) : Math.Ceiling(line - 1e-9));
            }
            from = stage.Target;
            stageStart = stageEnd;
        }
        return t == stageStart ? (int)from : 0;
    }

    /// <summary>
    /// Every change of the planned VU count, in time order, starting with the count at offset 0.
    /// The runner follows these steps; a VU above the count stops after its current iteration
    /// (or at <see cref="GracefulRampDown"/>).
    /// </summary>
    public IEnumerable<(TimeSpan At, int Vus)> Steps()
    {
        long current = StartVus;
        yield return (TimeSpan.Zero, StartVus);
        var stageStart = TimeSpan.Zero;
        foreach (var stage in Stages)
        {
            long from = current, to = stage.Target;
            if (stage.Duration == TimeSpan.Zero)
            {
                if (to != current) { current = to; yield return (stageStart, (int)to); }
                continue;
            }
            if (to > from)
                for (var u = from + 1; u <= to; u++)
                    yield return (stageStart + stage.Duration * ((double)(u - from) / (to - from)), (int)u);
            else if (to < from)
                for (var u = from; u > to; u--)
                    yield return (stageStart + stage.Duration * ((double)(from - (u - 1)) / (from - to)), (int)(u - 1));
            current = to;
            stageStart += stage.Duration;
        }
    }

    /// <summary>
    /// For each global VU u (at index u-1), the stretches of time it is planned to be active, derived from
    /// <see cref="Steps"/>: it starts iterations from <see cref="VuWindow.Start"/> (the step that raises the count to u or
    /// above) until <see cref="VuWindow.End"/> (the step that lowers it below u, or the end of the stages). An iteration
    /// still running at the end of a window is cut at <see cref="VuWindow.CutAt"/>: <see cref="GracefulRampDown"/> after a
    /// ramp-down (never past the hard end), the hard end after the regular end, or, when the VU is needed again before
    /// its ramp-down grace runs out, the cut of its next window (it simply goes on: the VU is re-used).
    /// A segment runs the windows of its own VUs; since VUs 1..n are active whenever the count is n, a segment's active
    /// VUs are always its ExecutionSegmentSequence share of the global count.
    /// </summary>
    public IReadOnlyList<VuWindow>[] VuWindows()
    {
        var max = Math.Max(0, MaxVus);
        var open = new TimeSpan?[max];
        var spans = new List<(TimeSpan Start, TimeSpan End)>[max];
        for (var i = 0; i < max; i++) spans[i] = new();
        var count = 0;
        void Close(int u, TimeSpan at)
        {
            if (open[u - 1] is { } start && at > start) spans[u - 1].Add((start, at));
            open[u - 1] = null;
        }
        foreach (var (at, vus) in Steps())
        {
            for (var u = count + 1; u <= vus; u++)
            {
                // Re-opened at the instant it closed (a jump down and back up): one window, not two.
                var list = spans[u - 1];
                if (list.Count > 0 && list[^1].End == at) { open[u - 1] = list[^1].Start; list.RemoveAt(list.Count - 1); }
                else open[u - 1] = at;
            }
            for (var u = vus + 1; u <= count; u++) Close(u, at);
            count = vus;
        }
        var regularEnd = RegularDuration;
        for (var u = 1; u <= count; u++) Close(u, regularEnd);

        var hardEnd = HardDuration;
        var windows = new IReadOnlyList<VuWindow>[max];
        for (var i = 0; i < max; i++)
        {
            var list = spans[i];
            var result = new VuWindow[list.Count];
            for (var k = list.Count - 1; k >= 0; k--)
            {
                var (start, end) = list[k];
                var cut = end >= regularEnd ? hardEnd : Min(end + GracefulRampDown, hardEnd);
                if (k + 1 < list.Count && list[k + 1].Start <= end + GracefulRampDown) cut = result[k + 1].CutAt;
                result[k] = new VuWindow(start, end, cut);
            }
            windows[i] = result;
        }
        return windows;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

/// <summary>
/// One stretch of a ramping VU's plan, as offsets from the executor's start: it starts iterations from
/// <paramref name="Start"/> until <paramref name="End"/>; an iteration still running is interrupted at <paramref name="CutAt"/>.
/// </summary>
public readonly record struct VuWindow(TimeSpan Start, TimeSpan End, TimeSpan CutAt);
