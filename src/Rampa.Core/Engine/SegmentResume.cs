namespace Rampa.Core.Engine;

/// <summary>
/// Where a segment picks up when it is taken over from a silo that died mid-run: the work scheduled before
/// <see cref="At"/> (an offset from the executor's start) belongs to the dead silo and is not redone.
/// <list type="bullet">
/// <item>arrival-rate: the schedule's starts from <see cref="At"/> on (the same global indices, so the union over silos
/// is still exactly the single-silo schedule minus what the dead silo had started);</item>
/// <item>constant-vus and ramping-vus: each VU from <see cref="At"/> on, inside its planned windows;</item>
/// <item>shared-iterations: the segment's share minus the <see cref="Completed"/> iterations the dead silo reported;
/// per-vu-iterations: each VU's count minus its average of them (rounded down). Iterations the dead silo finished after
/// its last report run again: the summary names the takeover.</item>
/// </list>
/// </summary>
public readonly record struct SegmentResume(TimeSpan At, long Completed)
{
    /// <summary>A segment that starts from the beginning (no takeover).</summary>
    public static SegmentResume None => default;

    public bool IsResume => At > TimeSpan.Zero || Completed > 0;
}
