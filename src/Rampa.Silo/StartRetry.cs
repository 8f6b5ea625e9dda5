using Azure;

namespace Rampa.Silo;

/// <summary>
/// Whether a failed start is worth another try: storage answering 403 while the silo's role assignments are still
/// propagating (Azure RBAC takes minutes to apply after a deployment created them). Anything else, or 403 for longer
/// than <see cref="Bound"/>, stays a start failure (exit 97), so a real permission error still ends the process.
/// Plain logic, no clock: the caller sleeps the returned delay.
/// </summary>
public sealed class StartRetry(TimeSpan bound)
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    private TimeSpan _waited = TimeSpan.Zero;

    /// <summary>How long the silo may wait in total for its permissions (0: never retry).</summary>
    public TimeSpan Bound { get; } = bound;

    public int Attempts { get; private set; }

    /// <summary>The delay before the next attempt, or null when <paramref name="error"/> is no permission delay or the
    /// bound is spent. Delays double from 2 s up to 30 s, and the last one is cut to what the bound leaves.</summary>
    public TimeSpan? Next(Exception error)
    {
        if (!IsPermissionDenied(error)) return null;
        var left = Bound - _waited;
        if (left <= TimeSpan.Zero) return null;
        var delay = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << Math.Min(Attempts, 10)));
        if (delay > left) delay = left;
        Attempts++;
        _waited += delay;
        return delay;
    }

    /// <summary>True when any exception in the chain (inner and aggregated ones) is a storage 403.</summary>
    public static bool IsPermissionDenied(Exception? error)
    {
        var pending = new Stack<Exception>();
        if (error is not null) pending.Push(error);
        for (var seen = 0; pending.Count > 0 && seen < 64; seen++)
        {
            var e = pending.Pop();
            if (e is RequestFailedException { Status: 403 }) return true;
            if (e is AggregateException aggregate) foreach (var inner in aggregate.InnerExceptions) pending.Push(inner);
            else if (e.InnerException is not null) pending.Push(e.InnerException);
        }
        return false;
    }
}
