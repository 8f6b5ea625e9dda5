using Rampa.Core.Engine;

namespace Rampa.Core.Executors;

/// <summary>
/// per-vu-iterations: each VU runs its own count (less its average of what a dead silo completed before a takeover);
/// at the end, every VU adds what it never started.
/// </summary>
internal sealed class PerVuIterationsDriver(ScenarioSegmentRun run, PerVuIterations config) : ClosedVuDriver(run)
{
    private readonly List<PerVuGate> _gates = new();

    private long PerVuCount =>
        Math.Max(0, config.Iterations - (Run.VuIndices.Count == 0 ? 0 : Run.Resume.Completed / Run.VuIndices.Count));

    public override long PlannedIterations => Run.VuIndices.Count * PerVuCount;

    protected override IIterationGate CreateGate()
    {
        var gate = new PerVuGate(PerVuCount, Run.RegularEnd);
        lock (_gates) _gates.Add(gate);
        return gate;
    }

    public override long DroppedAtEnd()
    {
        lock (_gates) return _gates.Sum(g => g.NotStarted) + (Run.VuIndices.Count - _gates.Count) * PerVuCount;
    }
}
