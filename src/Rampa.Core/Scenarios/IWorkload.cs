using Rampa.Core.Engine;

namespace Rampa.Core.Scenarios;

/// <summary>
/// What a scenario's iterations do. The YAML scenario (<see cref="Workloads.Http.HttpWorkload"/>) and C# code scenarios both
/// implement it, so the engine (executors, VUs, metrics) never knows which kind it runs.
/// </summary>
public interface IWorkload
{
    /// <summary>Creates one VU's behaviour; called once per VU, on the silo that runs it.</summary>
    IVuBehavior CreateVu(VuContext vu);
}

/// <summary>One VU's behaviour: runs one iteration at a time, never two at once.</summary>
public interface IVuBehavior
{
    ValueTask RunIterationAsync(IterationContext iteration, CancellationToken cancellation);
}
