using Rampa.Core.Executors;
using Rampa.Core.Scenarios;
using Rampa.Core.Segments;

namespace Rampa.Core.Engine;

/// <summary>
/// constant-arrival-rate and ramping-arrival-rate (the open model): an <see cref="ArrivalPacer"/> on its own thread
/// starts this segment's iterations of the global schedule; the VUs are loops waiting for work. The segment's VUs are its
/// share of maxVUs (VU indices it owns below maxVUs); those below preAllocatedVUs exist from the start, the others are
/// added one at a time when a start finds no idle VU. Each iteration records its start lag and its response time from
/// the scheduled start. Drops are recorded as they happen, so nothing is added at the end.
/// Shared by both arrival-rate executors (they differ only in their schedule), so it stays in Engine.
/// </summary>
internal sealed class ArrivalRateDriver : IExecutorDriver
{
    private readonly ScenarioSegmentRun _run;
    private readonly ArrivalPacer _pacer;
    private readonly int _preAllocated;
    private readonly int[] _growable;
    private int _nextGrowth; // touched by the pacer's thread only

    public ArrivalRateDriver(ScenarioSegmentRun run, IArrivalRateExecutor executor, ExecutionSegmentSequence segments, int segment)
    {
        _run = run;
        _preAllocated = executor.PreAllocatedVus;
        InitialVuIndices = run.VuIndices.Where(i => i < _preAllocated).ToArray();
        _growable = run.VuIndices.Where(i => i >= _preAllocated).ToArray();
        var schedule = executor.ScheduleOffsets(run.Services.Plan.Seed, run.Scenario.Name);
        var metrics = run.Services.Metrics;
        var dropped = run.Series.Dropped;
        var width = segments.Boundaries[segment + 1] - segments.Boundaries[segment]; // this segment's share of the rate
        _pacer = new ArrivalPacer(schedule, segments, segment, _growable.Length, GrowOne, () => metrics.Add(dropped, 1))
        {
            ResumeAt = run.Resume.At,
            PeakRate = executor.PeakRatePerSecond * width.Numerator / width.Denominator,
        };
    }

    /// <summary>The executor's highest rate, in starts per second (all segments together).</summary>
    internal static double PeakRate(ExecutorConfig executor) => executor is IArrivalRateExecutor a ? a.PeakRatePerSecond : 0;

    /// <summary>The pacer, for tests and diagnostics.</summary>
    public ArrivalPacer Pacer => _pacer;
    public IReadOnlyList<int> InitialVuIndices { get; }
    public bool GrowsVus => true;
    public long PlannedIterations => 0;
    public int AllocatedVus => _pacer.AllocatedVus;

    public void Arm() =>
        _pacer.Start(_run.ExecutorStart, _run.HardStop).ContinueWith(_ => _run.DriverDone(), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private void GrowOne() => _run.StartExtraVu(_growable[_nextGrowth++]);

    public async Task RunVuAsync(int vuIndex)
    {
        var grown = vuIndex >= _preAllocated;
        VuContext vu;
        IVuBehavior behavior;
        try
        {
            (vu, behavior) = _run.CreateVu(vuIndex);
        }
        catch
        {
            if (grown) _pacer.GrowthFailed();
            throw;
        }
        var iteration = new IterationContext(vu);
        _pacer.VuReady(grown);
        try
        {
            while (await _pacer.NextAsync().ConfigureAwait(false) is { } start)
            {
                iteration.ScheduledIndex = start.Index;
                iteration.ScheduledStart = start.Due;
                _run.VuActivated();
                try
                {
                    await VuLoop.RunOneAsync(iteration, behavior, _run.Series, _run.Counters, _run.HardStop, start.Due).ConfigureAwait(false);
                }
                finally
                {
                    _run.VuDeactivated();
                }
            }
        }
        finally
        {
            (behavior as IDisposable)?.Dispose();
        }
    }

    public void VuStartFailed(int vuIndex) => _pacer.GrowthFailed();

    public long DroppedAtEnd() => 0;
}
