namespace Rampa.Core.Executors;

/// <summary>
/// ramping-vus: the VU count follows a piecewise-linear line from <see cref="StartVus"/> through each stage's target.
/// <para>
/// Math (SEMANTICS.md): inside a stage from <c>a</c> to <c>b</c> over <c>D</c> starting at <c>S</c>, the line is
/// <c>a + (b-a)(t-S)/D</c>. Ramping up, VU <c>u</c> starts when the line reaches <c>u</c> (so the planned count is
/// <c>floor(line)</c>); ramping down, VU <c>u</c> stops when the line reaches <c>u-1</c> (the count is <c>ceil(line)</c>).
/// A stage of 0s is a jump. A VU removed by a ramp-down gets <see cref="GracefulRampDown"/> to finish its iteration.
/// </para>
/// </summary>
public sealed record RampingVus : ExecutorConfig
{
    public const string Name = "ramping-vus";
    public override string Kind => Name;
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
}
