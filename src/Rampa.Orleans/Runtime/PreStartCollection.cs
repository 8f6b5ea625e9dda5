using Rampa.Core.Time;

namespace Rampa.Orleans.Runtime;

/// <summary>
/// One full, compacting garbage collection on a silo just before a run's common start, while nothing is measured.
/// <para>
/// Why: starting a silo, its VUs and their connections leaves megabytes of young objects that live for the whole run;
/// without this, the first collections during the run copy them (gen0 to gen1 to gen2) and pause every thread, the
/// pacer's included, for 8-20 ms each (measured at 5,000/s: those pauses were the largest start lags after the first
/// second). Collected before the start, they sit in gen2 and the run's own collections only see the run's garbage.
/// </para>
/// Never while another segment runs on this silo (it would pause that run's measurements), and only when the start is
/// far enough away for the collection to end before it.
/// </summary>
public static class PreStartCollection
{
    /// <summary>The least time before the start for a collection (a full one of a silo's heap takes 5-30 ms here).</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(100);

    /// <summary>Collects if this silo runs nothing but the segment about to start at <paramref name="startTicks"/>; true if it did.</summary>
    public static bool RunIfQuiet(LocalRunRegistry registry, long startTicks)
    {
        if (registry.LiveCount > 1) return false;
        if (startTicks - MonotonicClock.Now < MonotonicClock.FromTimeSpan(Margin)) return false;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return true;
    }
}
