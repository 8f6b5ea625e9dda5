using Rampa.Core.Time;

namespace Rampa.Core.Engine;

/// <summary>Decides, before each iteration of a closed-model VU, whether another one may start.</summary>
public interface IIterationGate
{
    bool TryBegin();
}

/// <summary>constant-vus: iterate until the regular end.</summary>
public sealed class DeadlineGate(long regularEndTicks) : IIterationGate
{
    public bool TryBegin() => MonotonicClock.Now < regularEndTicks;
}

/// <summary>shared-iterations: take the next iteration from the segment's pool until it is empty or time is up.</summary>
public sealed class SharedPoolGate(SharedIterationPool pool, long regularEndTicks) : IIterationGate
{
    public bool TryBegin() => MonotonicClock.Now < regularEndTicks && pool.TryTake();
}

/// <summary>The iterations a segment's VUs share; lock-free.</summary>
public sealed class SharedIterationPool(long total)
{
    private long _taken;
    public long Total { get; } = total;
    public long Attempted => Math.Min(Interlocked.Read(ref _taken), Total);
    public bool TryTake() => Interlocked.Increment(ref _taken) <= Total;
}

/// <summary>per-vu-iterations: this VU's own count, until it is done or time is up.</summary>
public sealed class PerVuGate(long iterations, long regularEndTicks) : IIterationGate
{
    private long _started;
    public long NotStarted => iterations - _started;

    public bool TryBegin()
    {
        if (_started >= iterations || MonotonicClock.Now >= regularEndTicks) return false;
        _started++;
        return true;
    }
}
