using Orleans.Runtime.Placement;

namespace Rampa.Orleans.Placement;

/// <summary>
/// Places a <see cref="SiloPinnedPlacementAttribute"/> grain on the silo its key names when that silo is compatible
/// (alive and hosting the grain type); otherwise on a compatible silo picked deterministically from the key, so every
/// caller that races to activate the grain picks the same one. The grain then reports where it really runs.
/// </summary>
public sealed class SiloPinnedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        return Task.FromResult(Choose(key, context.GetCompatibleSilos(target)));
    }

    /// <summary>The pure choice: the pinned silo if compatible, else the segment's (or the key's hash's) place among the sorted compatible silos.</summary>
    public static SiloAddress Choose(string key, IList<SiloAddress> compatible)
    {
        if (compatible.Count == 0) throw new OrleansException($"no compatible silo to place '{key}' on");
        SiloPinnedKey.TryParse(key, out var pinned);
        if (pinned is not null && compatible.Contains(pinned.Silo)) return pinned.Silo;
        var sorted = compatible.Order().ToArray();
        var index = pinned?.Segment ?? (int)(Rampa.Core.Engine.SeedMixer.Fnv1a(key) % (uint)sorted.Length);
        return sorted[index % sorted.Length];
    }
}
