using Rampa.Core.Engine;
using Rampa.Core.Segments;

namespace Rampa.Core.Executors;

/// <summary>
/// shared-iterations: the segment's VUs share its share of the iterations (less what a dead silo completed before a
/// takeover); at the end, what was never attempted is dropped once.
/// </summary>
internal sealed class SharedIterationsDriver(ScenarioSegmentRun run, SharedIterations config, ExecutionSegmentSequence segments, int segment)
    : ClosedVuDriver(run)
{
    private SharedIterationPool? _pool;

    public override long PlannedIterations { get; } = Math.Max(0, segments.ShareOf(segment, config.Iterations) - run.Resume.Completed);

    public override void Arm() => _pool = new SharedIterationPool(PlannedIterations);

    protected override IIterationGate CreateGate() => new SharedPoolGate(_pool!, Run.RegularEnd);

    public override long DroppedAtEnd() => SharedIterations.Dropped(PlannedIterations, _pool?.Attempted ?? 0);
}
