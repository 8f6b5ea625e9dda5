using System.Diagnostics;

namespace Rampa.Core.Time;

/// <summary>The only clock used for measuring: Stopwatch ticks, never wall time.</summary>
public static class MonotonicClock
{
    public static long Now => Stopwatch.GetTimestamp();

    public static double TicksPerMicrosecond { get; } = Stopwatch.Frequency / 1_000_000.0;

    public static long ToMicroseconds(long ticks) => (long)(ticks / TicksPerMicrosecond);

    public static long FromTimeSpan(TimeSpan span) => (long)(span.Ticks * (Stopwatch.Frequency / (double)TimeSpan.TicksPerSecond));

    public static TimeSpan ToTimeSpan(long ticks) => TimeSpan.FromTicks((long)(ticks * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));

    public static TimeSpan Elapsed(long startTicks) => ToTimeSpan(Now - startTicks);
}
