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
    public override bool IsArrivalRate => false;

    public int Vus { get; init; } = 1;
    public long Iterations { get; init; } = 1;
    public TimeSpan MaxDuration { get; init; } = SharedIterations.DefaultMaxDuration;

    public override TimeSpan RegularDuration => MaxDuration;
    public override int MaxVus => Vus;
    public long TotalIterations => Vus * Iterations;

    protected override void ValidateOptions(List<OptionError> errors)
    {
        if (Vus <= 0) errors.Add(new("vus", "must be greater than 0"));
        if (Iterations <= 0) errors.Add(new("iterations", "must be greater than 0"));
        if (MaxDuration < TimeSpan.FromSeconds(1)) errors.Add(new("maxDuration", "must be at least 1s"));
    }
}
