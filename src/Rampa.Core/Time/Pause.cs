namespace Rampa.Core.Time;

/// <summary>
/// A pause that never ends early: .NET timers have a 1 ms granularity and may fire up to a millisecond before the
/// asked delay, and a think time or a backoff shorter than written would make the load heavier than the scenario says.
/// It waits against the monotonic clock until the full pause has passed.
/// </summary>
public static class Pause
{
    public static ValueTask ForAsync(TimeSpan pause, CancellationToken cancellation) =>
        pause <= TimeSpan.Zero ? ValueTask.CompletedTask : UntilAsync(MonotonicClock.Now + MonotonicClock.FromTimeSpan(pause), cancellation);

    private static async ValueTask UntilAsync(long until, CancellationToken cancellation)
    {
        while (true)
        {
            var wait = MonotonicClock.ToTimeSpan(until - MonotonicClock.Now);
            if (wait <= TimeSpan.Zero) return;
            await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, cancellation).ConfigureAwait(false);
        }
    }
}
