using Rampa.Core.Engine;

namespace Rampa.Core.Executors;

/// <summary>constant-vus: every VU iterates until the regular end; nothing is dropped.</summary>
internal sealed class ConstantVusDriver(ScenarioSegmentRun run) : ClosedVuDriver(run)
{
    protected override IIterationGate CreateGate() => new DeadlineGate(Run.RegularEnd);
}
