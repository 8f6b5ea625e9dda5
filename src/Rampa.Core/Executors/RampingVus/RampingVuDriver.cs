using Rampa.Core.Engine;
using Rampa.Core.Time;

namespace Rampa.Core.Executors;

/// <summary>
/// ramping-vus: every VU of the segment follows its own windows of <see cref="RampingVus.VuWindows"/> (VU u is active
/// whenever the planned count is at least u). In a window it loops iterations until the window's end; an iteration still
/// running then gets until the window's cut (gracefulRampDown after a ramp-down, gracefulStop after the regular end) and
/// is interrupted there. A VU that ramps back up later re-uses its loop, its random stream and its iteration counter.
/// Since the segment owns the VUs whose index u-1 it owns, its active VUs are always its share of the planned count.
/// </summary>
internal sealed class RampingVuDriver(ScenarioSegmentRun run, RampingVus config) : IExecutorDriver
{
    private readonly IReadOnlyList<VuWindow>[] _windows = config.VuWindows();

    public IReadOnlyList<int> InitialVuIndices => run.VuIndices;
    public bool GrowsVus => false;
    public long PlannedIterations => 0;
    public int AllocatedVus => run.VuIndices.Count;

    public void Arm()
    {
    }

    public async Task RunVuAsync(int vuIndex)
    {
        var windows = _windows[vuIndex];
        if (windows.Count == 0) return; // never planned to be active
        var (vu, behavior) = run.CreateVu(vuIndex);
        var iteration = new IterationContext(vu);
        try
        {
            foreach (var window in windows)
            {
                // A takeover (SegmentResume) skips what was the dead silo's: windows over by then, and each window's start.
                if (window.End <= run.Resume.At) continue;
                var start = window.Start > run.Resume.At ? window.Start : run.Resume.At;
                await run.DelayUntilAsync(run.At(start)).ConfigureAwait(false);
                var end = run.At(window.End);
                using var cut = CancellationTokenSource.CreateLinkedTokenSource(run.HardStop);
                var untilCut = MonotonicClock.ToTimeSpan(run.At(window.CutAt) - MonotonicClock.Now);
                cut.CancelAfter(untilCut > TimeSpan.Zero ? untilCut : TimeSpan.Zero);
                run.VuActivated();
                try
                {
                    while (MonotonicClock.Now < end && !cut.IsCancellationRequested)
                        if (!await VuLoop.RunOneAsync(iteration, behavior, run.Series, run.Counters, cut.Token).ConfigureAwait(false)) break;
                }
                finally
                {
                    run.VuDeactivated();
                }
            }
        }
        finally
        {
            (behavior as IDisposable)?.Dispose();
        }
    }

    public void VuStartFailed(int vuIndex)
    {
    }

    public long DroppedAtEnd() => 0;
}
