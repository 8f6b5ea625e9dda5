namespace Rampa.Core.Segments;

/// <summary>
/// Where one segment of a run is running: its silo, its runner's generation, what it last reported, and when (the time
/// since the run's start of its last report; zero when it never reported).
/// </summary>
public sealed record SegmentSlot(int Segment, int Generation, string Silo, bool Done, IReadOnlyDictionary<string, long> Completed,
    TimeSpan LastReport = default);

/// <summary>A lost segment handed to a surviving silo, resuming from <see cref="ResumeAfter"/> (time since the run's start).</summary>
public sealed record SegmentTakeover(int Segment, int Generation, string LostSilo, string NewSilo, TimeSpan ResumeAfter,
    IReadOnlyDictionary<string, long> CompletedBefore);

/// <summary>
/// Decides what happens to the segments of silos that left the cluster mid-run: each unfinished segment whose silo is no
/// longer active goes to the surviving silo running the fewest segments (ties by name, so every orchestrator decides the
/// same), as the next generation of its runner, resuming from its last report with the iterations that report counted
/// done. Resuming from the last report, not from now, keeps the offered load whole: the starts the dead silo missed
/// between its last report and the takeover are overdue on the survivor and start at once (their lag says how late),
/// at the price of re-running what it started in the half second before its last report. Pure: the orchestrator grain
/// follows it.
/// </summary>
public static class SegmentTakeoverPlanner
{
    public static IReadOnlyList<SegmentTakeover> Plan(IReadOnlyList<SegmentSlot> slots, IReadOnlyCollection<string> activeSilos)
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
                slot.LastReport > TimeSpan.Zero ? slot.LastReport : TimeSpan.Zero, slot.Completed));
        }
        return takeovers;
    }
}
