namespace Rampa.Core.Segments;

/// <summary>Where one segment of a run is running: its silo, its runner's generation, and what it last reported.</summary>
public sealed record SegmentSlot(int Segment, int Generation, string Silo, bool Done, IReadOnlyDictionary<string, long> Completed);

/// <summary>A lost segment handed to a surviving silo, resuming from <see cref="ResumeAfter"/> (time since the run's start).</summary>
public sealed record SegmentTakeover(int Segment, int Generation, string LostSilo, string NewSilo, TimeSpan ResumeAfter,
    IReadOnlyDictionary<string, long> CompletedBefore);

/// <summary>
/// Decides what happens to the segments of silos that left the cluster mid-run: each unfinished segment whose silo is no
/// longer active goes to the surviving silo running the fewest segments (ties by name, so every orchestrator decides the
/// same), as the next generation of its runner, resuming now with the iterations its last report counted done. Pure:
/// the orchestrator grain follows it.
/// </summary>
public static class SegmentTakeoverPlanner
{
    public static IReadOnlyList<SegmentTakeover> Plan(IReadOnlyList<SegmentSlot> slots, IReadOnlyCollection<string> activeSilos, TimeSpan sinceStart)
    {
        var lost = slots.Where(s => !s.Done && !activeSilos.Contains(s.Silo)).OrderBy(s => s.Segment).ToList();
        if (lost.Count == 0 || activeSilos.Count == 0) return [];
        var load = activeSilos.ToDictionary(s => s, s => slots.Count(x => x.Silo == s && !x.Done), StringComparer.Ordinal);
        var takeovers = new List<SegmentTakeover>();
        foreach (var slot in lost)
        {
            var target = load.OrderBy(l => l.Value).ThenBy(l => l.Key, StringComparer.Ordinal).First().Key;
            load[target]++;
            takeovers.Add(new SegmentTakeover(slot.Segment, slot.Generation + 1, slot.Silo, target,
                sinceStart > TimeSpan.Zero ? sinceStart : TimeSpan.Zero, slot.Completed));
        }
        return takeovers;
    }
}
