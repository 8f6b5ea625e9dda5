namespace Rampa.Core.Engine;

/// <summary>
/// What one executor family does inside a <see cref="ScenarioSegmentRun"/>: which VUs start with the segment, what a
/// VU's loop does, and what is dropped at the end. The run keeps the shared bits (ends, hard stop, VU creation, gauges,
/// completion). Each executor creates its own (<c>ExecutorConfig.CreateDriver</c>): the closed ones a subclass of
/// <see cref="ClosedVuDriver"/>, ramping-vus a <c>RampingVuDriver</c>, both arrival-rate executors the shared
/// <see cref="ArrivalRateDriver"/>.
/// </summary>
internal interface IExecutorDriver
{
    /// <summary>The scenario VU indices whose loops start with the segment (the others, if any, are added by the driver).</summary>
    IReadOnlyList<int> InitialVuIndices { get; }

    /// <summary>True when the driver may start more VUs during the run (it then calls <see cref="ScenarioSegmentRun.DriverDone"/> when it will start no more).</summary>
    bool GrowsVus { get; }

    /// <summary>The iterations this segment must run (iteration executors), else 0.</summary>
    long PlannedIterations { get; }

    /// <summary>VUs that exist right now (the <c>vus_max</c> gauge).</summary>
    int AllocatedVus { get; }

    /// <summary>Called once the run's executor start and ends are fixed.</summary>
    void Arm();

    /// <summary>One VU's whole life in this segment.</summary>
    Task RunVuAsync(int vuIndex);

    /// <summary>A VU the driver asked for (<see cref="ScenarioSegmentRun.StartExtraVu"/>) could not be started.</summary>
    void VuStartFailed(int vuIndex);

    /// <summary>The <c>dropped_iterations</c> to add once, when every VU loop has ended.</summary>
    long DroppedAtEnd();
}
