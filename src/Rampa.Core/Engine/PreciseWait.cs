using System.Diagnostics;
using System.Runtime.InteropServices;
using Rampa.Core.Time;

namespace Rampa.Core.Engine;

/// <summary>
/// Blocks a dedicated thread (a pacer's) until a monotonic instant, far more precisely than <c>Task.Delay</c> or
/// <c>Thread.Sleep</c>, whose granularity is about a millisecond (measured here: Task.Delay woke a median 1.45 ms late).
/// <para>
/// On 64-bit Linux it sleeps in <c>nanosleep</c> with the thread's timer slack lowered to 1 µs (<c>prctl</c>), which wakes
/// within tens of microseconds (measured: median ~40-90 µs) without spinning, so it costs no CPU while waiting. Elsewhere
/// it sleeps with <c>Thread.Sleep</c> until about 1.5 ms before the instant, then yields in a loop for the rest.
/// Waits are cut into slices of at most 50 ms so a cancellation is seen quickly.
/// </para>
/// </summary>
public static class PreciseWait
{
    private static readonly long Slice = MonotonicClock.FromTimeSpan(TimeSpan.FromMilliseconds(50));
    private static readonly long CoarseMargin = MonotonicClock.FromTimeSpan(TimeSpan.FromMilliseconds(1.5));
    private static bool _native = Environment.Is64BitProcess && OperatingSystem.IsLinux();

    /// <summary>Whether the native (nanosleep) path is in use.</summary>
    public static bool IsNative => _native;

    /// <summary>Prepares the calling thread for precise sleeps (Linux: timer slack of 1 µs). Call once on the pacer's thread.</summary>
    public static void PrepareThread()
    {
        if (!_native) return;
        try
        {
            _ = Native.prctl(Native.PR_SET_TIMERSLACK, 1000, 0, 0, 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _native = false;
        }
    }

    /// <summary>Returns when <see cref="MonotonicClock.Now"/> has reached <paramref name="due"/>, or at once when cancelled.</summary>
    public static void Until(long due, CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            var remaining = due - MonotonicClock.Now;
            if (remaining <= 0) return;
            if (_native && SleepNative(Math.Min(remaining, Slice))) continue;
            if (remaining > CoarseMargin)
                Thread.Sleep(MonotonicClock.ToTimeSpan(Math.Min(remaining - CoarseMargin, Slice)));
            else
                Thread.Yield();
        }
    }

    private static bool SleepNative(long ticks)
    {
        var nanos = (long)(ticks * (1_000_000_000.0 / Stopwatch.Frequency));
        var request = new Native.Timespec { Seconds = nanos / 1_000_000_000, Nanoseconds = nanos % 1_000_000_000 };
        try
        {
            _ = Native.nanosleep(ref request, IntPtr.Zero); // interrupted early by a signal: the caller's loop sleeps again
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _native = false;
            return false;
        }
    }

    private static class Native
    {
        public const int PR_SET_TIMERSLACK = 29;

        [StructLayout(LayoutKind.Sequential)]
        public struct Timespec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [DllImport("libc", EntryPoint = "nanosleep")]
        public static extern int nanosleep(ref Timespec request, IntPtr remaining);

        [DllImport("libc", EntryPoint = "prctl")]
        public static extern int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
    }
}
