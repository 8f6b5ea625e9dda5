using Rampa.Core.Executors;
using Rampa.Core.Scenarios;
using Rampa.Core.Segments;
using Rampa.Core.Time;

namespace Rampa.Core.Engine;

/// <summary>
/// One scenario's share of one silo (its execution segment), for every executor: which VUs run here, the executor's
/// start, regular end and hard end (on this silo's monotonic clock), the hard stop, the VU gauges and the completion.
/// What a VU does is its executor family's driver (<see cref="IExecutorDriver"/>). Plain logic: the segment runner grain
/// creates it, arms it, and starts <see cref="InitialVuIndices"/> (VU grains call <see cref="RunVuAsync"/>); a driver that
/// adds VUs later starts them through <see cref="VuStarter"/>.
/// </summary>
public sealed class ScenarioSegmentRun : IDisposable
{
    private readonly CancellationTokenSource _hardStop = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IExecutorDriver _driver;
    private readonly int[] _entered; // by scenario VU index: 1 once its loop was entered (or given up)
    private int _pending, _active, _peakActive;

    public ScenarioSegmentRun(RunServices services, ScenarioPlan scenario, ExecutionSegmentSequence segments, int segment, long vuNumberOffset,
        SegmentResume resume = default)
    {
        Services = services;
        Resume = resume;
        Scenario = scenario;
        Series = services.SeriesFor(scenario);
        VuNumberOffset = vuNumberOffset;
        VuIndices = segments.IndicesOf(segment, scenario.Executor.MaxVus).Select(i => (int)i).ToArray();
        _entered = new int[Math.Max(0, scenario.Executor.MaxVus)];
        _driver = scenario.Executor.CreateDriver(this, segments, segment);
        InitialVuIndices = _driver.InitialVuIndices;
        VuStarter = vuIndex =>
        {
            _ = Task.Run(() => RunVuAsync(vuIndex));
            return Task.CompletedTask;
        };
        // One count per VU loop to wait for, plus one the driver holds while it may still add VUs.
        _pending = InitialVuIndices.Count + 1;
        if (!_driver.GrowsVus) DriverDone();
    }

    public ScenarioPlan Scenario { get; }
    /// <summary>Where this segment picks up (a takeover from a dead silo), or <see cref="SegmentResume.None"/>.</summary>
    public SegmentResume Resume { get; }
    public long VuNumberOffset { get; }
    /// <summary>The scenario VU indices (from 0) this segment owns: its share of the executor's VUs (maxVUs for arrival-rate).</summary>
    public IReadOnlyList<int> VuIndices { get; }
    /// <summary>The VUs to start with the segment (all of <see cref="VuIndices"/>, or the pre-allocated ones for arrival-rate).</summary>
    public IReadOnlyList<int> InitialVuIndices { get; }
    /// <summary>The iterations this segment must run (shared-iterations and per-vu-iterations), else 0.</summary>
    public long IterationShare => _driver.PlannedIterations;
    public VuCounters Counters { get; } = new();
    /// <summary>VUs running an iteration or inside their active window (arrival-rate: VUs busy).</summary>
    public int ActiveVus => Volatile.Read(ref _active);
    /// <summary>VUs that exist (arrival-rate: initialised so far).</summary>
    public int AllocatedVus => _driver.AllocatedVus;
    public bool IsDone => _completion.Task.IsCompleted;
    /// <summary>Completes when every VU loop of this segment has ended and the driver will start no more.</summary>
    public Task Completion => _completion.Task;

    /// <summary>
    /// Starts a VU's loop when a driver adds one mid-run (arrival-rate growth). The default runs <see cref="RunVuAsync"/>
    /// on the thread pool; the segment runner grain replaces it with a VU grain's start. Called off any grain's scheduler.
    /// </summary>
    public Func<int, Task> VuStarter { get; set; }

    internal RunServices Services { get; }
    internal ScenarioSeries Series { get; }
    internal CancellationToken HardStop => _hardStop.Token;
    internal long ExecutorStart { get; private set; }
    internal long RegularEnd { get; private set; }
    internal long HardEnd { get; private set; }

    /// <summary>The driver, for tests.</summary>
    internal IExecutorDriver Driver => _driver;

    /// <summary>
    /// The most VUs active at once since the previous call (then it restarts from the current count): a once-a-second
    /// sample of <c>vus</c> that still sees a VU which lived less than a second.
    /// </summary>
    public int TakePeakActiveVus() => Math.Max(Interlocked.Exchange(ref _peakActive, Volatile.Read(ref _active)), Volatile.Read(ref _active));

    /// <summary>Fixes the executor's start (a local monotonic instant), arms the hard stop and the driver.</summary>
    public void Arm(long executorStartTicks)
    {
        ExecutorStart = executorStartTicks;
        RegularEnd = executorStartTicks + MonotonicClock.FromTimeSpan(Scenario.Executor.RegularDuration);
        HardEnd = RegularEnd + MonotonicClock.FromTimeSpan(Scenario.Executor.GracefulStop);
        var untilHard = MonotonicClock.ToTimeSpan(HardEnd - MonotonicClock.Now);
        _hardStop.CancelAfter(untilHard > TimeSpan.Zero ? untilHard : TimeSpan.Zero);
        _driver.Arm();
    }

    /// <summary>Runs VU <paramref name="vuIndex"/> (one of <see cref="VuIndices"/>) for its whole life in this segment.</summary>
    public async Task RunVuAsync(int vuIndex)
    {
        if (Interlocked.Exchange(ref _entered[vuIndex], 1) == 1) return; // one loop per VU, however often it is asked
        try
        {
            await _driver.RunVuAsync(vuIndex).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_hardStop.IsCancellationRequested)
        {
            // Interrupted while waiting for its start: nothing ran, nothing to record.
        }
        finally
        {
            VuLoopEnded();
        }
    }

    /// <summary>Cancels every iteration still running, at once (a user's interrupt or a lost run).</summary>
    public void Interrupt() => _hardStop.Cancel();

    // ---- for the drivers -----------------------------------------------------------------------------------------

    /// <summary>The monotonic instant of an offset from the executor's start.</summary>
    internal long At(TimeSpan offset) => ExecutorStart + MonotonicClock.FromTimeSpan(offset);

    /// <summary>
    /// Waits until <paramref name="ticks"/>, never returning before it (a timer may fire up to a millisecond early, so it
    /// waits again for the rest); throws <see cref="OperationCanceledException"/> at the hard stop.
    /// </summary>
    internal async Task DelayUntilAsync(long ticks)
    {
        while (true)
        {
            _hardStop.Token.ThrowIfCancellationRequested();
            var wait = MonotonicClock.ToTimeSpan(ticks - MonotonicClock.Now);
            if (wait <= TimeSpan.Zero) return;
            await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, _hardStop.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Creates VU <paramref name="vuIndex"/>: its identity, its seeded random stream, and its behaviour.</summary>
    internal (VuContext Vu, IVuBehavior Behavior) CreateVu(int vuIndex)
    {
        var vu = new VuContext
        {
            Services = Services,
            Scenario = Scenario,
            Vu = VuNumberOffset + vuIndex + 1,
            ScenarioVuIndex = vuIndex,
            Random = new Random(SeedMixer.Mix(Services.Plan.Seed, Scenario.Name, vuIndex)),
        };
        return (vu, Scenario.Workload.CreateVu(vu));
    }

    internal void VuActivated()
    {
        var active = Interlocked.Increment(ref _active);
        var peak = Volatile.Read(ref _peakActive);
        while (active > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peakActive, active, peak);
            if (seen == peak) return;
            peak = seen;
        }
    }

    internal void VuDeactivated() => Interlocked.Decrement(ref _active);

    /// <summary>
    /// Starts one more VU in the background (never blocking the caller), counted until its loop ends. Only while the
    /// driver holds its count (before <see cref="DriverDone"/>).
    /// </summary>
    internal void StartExtraVu(int vuIndex)
    {
        Interlocked.Increment(ref _pending);
        ThreadPool.UnsafeQueueUserWorkItem(async _ =>
        {
            try
            {
                await VuStarter(vuIndex).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The VU could not be started (its grain did not answer): give up on it unless its loop did start.
                if (Interlocked.Exchange(ref _entered[vuIndex], 1) == 0)
                {
                    _driver.VuStartFailed(vuIndex);
                    VuLoopEnded();
                }
            }
        }, null);
    }

    /// <summary>The driver will start no more VUs.</summary>
    internal void DriverDone() => VuLoopEnded();

    private void VuLoopEnded()
    {
        if (Interlocked.Decrement(ref _pending) == 0) Finish();
    }

    /// <summary>Records what was never started (dropped_iterations of the closed model) and completes.</summary>
    private void Finish()
    {
        var dropped = _driver.DroppedAtEnd();
        if (dropped > 0) Services.Metrics.Add(Series.Dropped, dropped);
        _completion.TrySetResult();
    }

    public void Dispose() => _hardStop.Dispose();
}
