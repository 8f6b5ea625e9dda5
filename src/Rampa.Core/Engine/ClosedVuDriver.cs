using Rampa.Core.Executors;
using Rampa.Core.Segments;

namespace Rampa.Core.Engine;

/// <summary>
/// The closed model with a fixed set of VUs (constant-vus, shared-iterations, per-vu-iterations): every VU of the
/// segment starts at the executor's start and loops iterations while its gate allows (the regular end, the segment's
/// share of a shared pool, or its own count). At the end, what was never started is dropped.
/// </summary>
internal sealed class ClosedVuDriver : IExecutorDriver
{
    private readonly ScenarioSegmentRun _run;
    private readonly List<PerVuGate> _perVuGates = new();
    private SharedIterationPool? _pool;

    public ClosedVuDriver(ScenarioSegmentRun run, ExecutionSegmentSequence segments, int segment)
    {
        _run = run;
        PlannedIterations = run.Scenario.Executor switch
        {
            SharedIterations s => Math.Max(0, segments.ShareOf(segment, s.Iterations) - run.Resume.Completed),
            PerVuIterations => run.VuIndices.Count * PerVuCount,
            _ => 0,
        };
    }

    /// <summary>per-vu-iterations: each VU's count, less its average of what a dead silo completed before a takeover.</summary>
    private long PerVuCount => _run.Scenario.Executor is PerVuIterations p
        ? Math.Max(0, p.Iterations - (_run.VuIndices.Count == 0 ? 0 : _run.Resume.Completed / _run.VuIndices.Count))
        : 0;

    public IReadOnlyList<int> InitialVuIndices => _run.VuIndices;
    public bool GrowsVus => false;
    public long PlannedIterations { get; }
    public int AllocatedVus => _run.VuIndices.Count;

    public void Arm()
    {
        if (_run.Scenario.Executor is SharedIterations) _pool = new SharedIterationPool(PlannedIterations);
    }

    public async Task RunVuAsync(int vuIndex)
    {
        await _run.DelayUntilAsync(_run.At(_run.Resume.At)).ConfigureAwait(false);
        var (vu, behavior) = _run.CreateVu(vuIndex);
        IIterationGate gate = _run.Scenario.Executor switch
        {
            SharedIterations => new SharedPoolGate(_pool!, _run.RegularEnd),
            PerVuIterations => Track(new PerVuGate(PerVuCount, _run.RegularEnd)),
            _ => new DeadlineGate(_run.RegularEnd),
        };
        _run.VuActivated();
        try
        {
            await VuLoop.RunAsync(vu, behavior, gate, _run.Series, _run.Counters, _run.HardStop).ConfigureAwait(false);
        }
        finally
        {
            _run.VuDeactivated();
        }
    }

    public void VuStartFailed(int vuIndex)
    {
    }

    private PerVuGate Track(PerVuGate gate)
    {
        lock (_perVuGates) _perVuGates.Add(gate);
        return gate;
    }

    public long DroppedAtEnd()
    {
        lock (_perVuGates)
        {
            return _run.Scenario.Executor switch
            {
                SharedIterations => SharedIterations.Dropped(PlannedIterations, _pool?.Attempted ?? 0),
                PerVuIterations => _perVuGates.Sum(g => g.NotStarted) + (_run.VuIndices.Count - _perVuGates.Count) * PerVuCount,
                _ => 0,
            };
        }
    }
}
