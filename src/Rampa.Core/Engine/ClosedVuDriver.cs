namespace Rampa.Core.Engine;

/// <summary>
/// The closed model with a fixed set of VUs, shared by constant-vus, shared-iterations and per-vu-iterations (so it
/// stays in Engine; each executor's subclass is in its own folder): every VU of the segment starts at the executor's
/// start and loops iterations while its gate allows (the regular end, the segment's share of a shared pool, or its own
/// count). At the end, what was never started is dropped.
/// </summary>
internal abstract class ClosedVuDriver(ScenarioSegmentRun run) : IExecutorDriver
{
    protected ScenarioSegmentRun Run { get; } = run;

    public IReadOnlyList<int> InitialVuIndices => Run.VuIndices;
    public bool GrowsVus => false;
    public virtual long PlannedIterations => 0;
    public int AllocatedVus => Run.VuIndices.Count;

    public virtual void Arm()
    {
    }

    /// <summary>The gate of one VU's loop: when may it start another iteration.</summary>
    protected abstract IIterationGate CreateGate();

    public async Task RunVuAsync(int vuIndex)
    {
        await Run.DelayUntilAsync(Run.At(Run.Resume.At)).ConfigureAwait(false);
        var (vu, behavior) = Run.CreateVu(vuIndex);
        var gate = CreateGate();
        Run.VuActivated();
        try
        {
            await VuLoop.RunAsync(vu, behavior, gate, Run.Series, Run.Counters, Run.HardStop).ConfigureAwait(false);
        }
        finally
        {
            Run.VuDeactivated();
        }
    }

    public void VuStartFailed(int vuIndex)
    {
    }

    public virtual long DroppedAtEnd() => 0;
}
