namespace Rampa.Core.Reporting;

/// <summary>
/// Whether the load generator itself was the bottleneck of a run (<see cref="SaturationJudge"/>), with one line of
/// evidence per rule that fired. A saturated run's verdict is <c>inconclusive</c>: what it measured is the generator's
/// limit as much as the target's.
/// </summary>
public sealed record SaturationVerdict(bool Saturated, IReadOnlyList<string> Evidence)
{
    public static readonly SaturationVerdict NotSaturated = new(false, []);

    public bool Equals(SaturationVerdict? other) =>
        other is not null && Saturated == other.Saturated && Evidence.SequenceEqual(other.Evidence);

    public override int GetHashCode() => HashCode.Combine(Saturated, Evidence.Count);
}
