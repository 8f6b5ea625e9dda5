using Rampa.Core.Executors;
using Rampa.Core.Scenarios;
using Rampa.Core.Segments;
using Rampa.Core.Time;

namespace Rampa.Core.Engine;

/// <summary>
/// One scenario's share of one silo (its execution segment), for the closed-model executors: which VUs run here,
/// the gates that bound their iterations, the regular and hard ends, and the dropped iterations at the end.
/// Plain logic: the segment runner grain creates it and VU grains call <see cref="RunVuAsync"/>.
/// </summary>
public sealed class ScenarioSegmentRun : IDisposable
{
    private readonly RunServices _services;
    private readonly CancellationTokenSource _hardStop = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<PerVuGate> _perVuGates = new();
    private SharedIterationPool? _pool;
    private long _executorStart, _regularEnd;
    private int _pending, _active, _peakActive;
    private bool _finished;

    public ScenarioSegmentRun(RunServices services, ScenarioPlan scenario, ExecutionSegmentSequence segments, int segment, long vuNumberOffset)
    {
        if (!ExecutorConfig.IsRunnable(scenario.Executor.Kind))
            throw new NotSupportedException($"executor '{scenario.Executor.Kind}' cannot run yet");
        _services = services;
        Scenario = scenario;
        VuNumberOffset = vuNumberOffset;
        VuIndices = segments.IndicesOf(segment, scenario.Executor.MaxVus).Select(i => (int)i).ToArray();
        IterationShare = scenario.Executor switch
        {
            SharedIterations s => segments.ShareOf(segment, s.Iterations),
            PerVuIterations p => VuIndices.Count * p.Iterations,
            _ => 0,
        };
        _pending = VuIndices.Count;
        if (_pending == 0) _completion.TrySetResult();
    }

    public ScenarioPlan Scenario { get; }
    public long VuNumberOffset { get; }
    /// <summary>The scenario VU indices (from 0) this segment runs.</summary>
    public IReadOnlyList<int> VuIndices { get; }
    /// <summary>The iterations this segment must run (shared-iterations and per-vu-iterations).</summary>
    public long IterationShare { get; }
    public VuCounters Counters { get; } = new();
    public int ActiveVus => Volatile.Read(ref _active);

    /// <summary>
    /// The most VUs active at once since the previous call (then it restarts from the current count): a once-a-second
    /// sample of <c>vus</c> that still sees a VU which lived less than a second.
    /// </summary>
    public int TakePeakActiveVus() => Math.Max(Interlocked.Exchange(ref _peakActive, Volatile.Read(ref _active)), Volatile.Read(ref _active));

    private void RaisePeak(int active)
    {
        var peak = Volatile.Read(ref _peakActive);
        while (active > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peakActive, active, peak);
            if (seen == peak) return;
            peak = seen;
        }
    }
    public int AllocatedVus => VuIndices.Count;
    public bool IsDone => _completion.Task.IsCompleted;
    /// <summary>Completes when every VU loop of this segment has ended.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Fixes the executor's start (a local monotonic instant) and arms the hard stop.</summary>
    public void Arm(long executorStartTicks)
    {
        _executorStart = executorStartTicks;
        _regularEnd = executorStartTicks + MonotonicClock.FromTimeSpan(Scenario.Executor.RegularDuration);
        var hardEnd = _regularEnd + MonotonicClock.FromTimeSpan(Scenario.Executor.GracefulStop);
        var untilHard = MonotonicClock.ToTimeSpan(hardEnd - MonotonicClock.Now);
        _hardStop.CancelAfter(untilHard > TimeSpan.Zero ? untilHard : TimeSpan.Zero);
        if (Scenario.Executor is SharedIterations) _pool = new SharedIterationPool(IterationShare);
    }

    /// <summary>Runs VU <paramref name="vuIndex"/> (one of <see cref="VuIndices"/>) from the executor's start to its end.</summary>
    public async Task RunVuAsync(int vuIndex)
    {
        try
        {
            var wait = MonotonicClock.ToTimeSpan(_executorStart - MonotonicClock.Now);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, _hardStop.Token).ConfigureAwait(false);
            var vu = new VuContext
            {
                Services = _services,
                Scenario = Scenario,
                Vu = VuNumberOffset + vuIndex + 1,
                ScenarioVuIndex = vuIndex,
                Random = new Random(SeedMixer.Mix(_services.Plan.Seed, Scenario.Name, vuIndex)),
            };
            var behavior = Scenario.Workload.CreateVu(vu);
            IIterationGate gate = Scenario.Executor switch
            {
                SharedIterations => new SharedPoolGate(_pool!, _regularEnd),
                PerVuIterations p => Track(new PerVuGate(p.Iterations, _regularEnd)),
                _ => new DeadlineGate(_regularEnd),
            };
            RaisePeak(Interlocked.Increment(ref _active));
            try
            {
                await VuLoop.RunAsync(vu, behavior, gate, _services.SeriesFor(Scenario), Counters, _hardStop.Token).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _active);
            }
        }
        catch (OperationCanceledException)
        {
            // Interrupted before its first iteration: nothing ran, nothing to record.
        }
        finally
        {
            if (Interlocked.Decrement(ref _pending) == 0) Finish();
        }
    }

    private PerVuGate Track(PerVuGate gate)
    {
        lock (_perVuGates) _perVuGates.Add(gate);
        return gate;
    }

    /// <summary>Cancels every iteration still running, at once (a user's interrupt or a lost run).</summary>
    public void Interrupt() => _hardStop.Cancel();

    /// <summary>Records what was never started (dropped_iterations) and completes.</summary>
    private void Finish()
    {
        lock (_perVuGates)
        {
            if (_finished) return;
            _finished = true;
        }
        var series = _services.SeriesFor(Scenario);
        long dropped = Scenario.Executor switch
        {
            SharedIterations => SharedIterations.Dropped(IterationShare, _pool?.Attempted ?? 0),
            PerVuIterations p => _perVuGates.Sum(g => g.NotStarted) + (VuIndices.Count - _perVuGates.Count) * p.Iterations,
            _ => 0,
        };
        if (dropped > 0) _services.Metrics.Add(series.Dropped, dropped);
        _completion.TrySetResult();
    }

    public void Dispose() => _hardStop.Dispose();
}
