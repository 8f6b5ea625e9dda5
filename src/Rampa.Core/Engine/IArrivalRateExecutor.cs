namespace Rampa.Core.Engine;

/// <summary>
/// What the shared <see cref="ArrivalRateDriver"/> needs from an arrival-rate executor (constant-arrival-rate and
/// ramping-arrival-rate implement it): its global start schedule, its VUs allocated up front, its peak rate.
/// </summary>
public interface IArrivalRateExecutor
{
    /// <summary>VUs that exist from the start (more are added, up to maxVUs, when a start finds none idle).</summary>
    int PreAllocatedVus { get; }

    /// <summary>The executor's highest rate, in starts per second (all segments together).</summary>
    double PeakRatePerSecond { get; }

    /// <summary>
    /// Every scheduled start, in order, as offsets from the executor's start: uniform, or Poisson drawn from the stream of
    /// <paramref name="seed"/> and <paramref name="scenario"/> (the same on every silo).
    /// </summary>
    IEnumerable<TimeSpan> ScheduleOffsets(long seed, string scenario);
}
