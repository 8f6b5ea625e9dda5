using System.Runtime.InteropServices;

namespace Rampa.Core.Engine;

/// <summary>
/// Asks Linux to run a pacer's thread as soon as it wakes, ahead of the VUs, the socket threads and the flush.
/// <para>
/// Why: the pacer sleeps until each start's instant and must then run at once. Measured on the scheduling benchmark
/// (5,000/s, the generator on one core): at normal priority the woken pacer waited for the running thread's time slice,
/// p99 2.5 ms late; as a real-time thread it was 0.04 ms late outside garbage collections. The pacer runs for a few
/// microseconds per start and sleeps in between, so it cannot starve the rest (and the kernel's real-time throttling
/// bounds it anyway).
/// </para>
/// <para>
/// What it tries, in order: <c>SCHED_FIFO</c> priority 1 (needs root or <c>CAP_SYS_NICE</c>, often absent in containers;
/// and only for a pacer of at most <see cref="RealtimeRateLimit"/> starts per second); else a short time slice of 0.1 ms at its normal priority (<c>sched_attr.sched_runtime</c>, which Linux 6.12+ honours for
/// normal threads: a thread with a shorter slice preempts sooner when it wakes; older kernels ignore it); else nothing.
/// <c>RAMPA_PACER_PRIORITY=normal</c> turns it off.
/// </para>
/// </summary>
public static class PacerThreadPriority
{
    /// <summary>What the calling thread got.</summary>
    public enum Outcome { Unchanged, ShortSlice, Realtime }

    /// <summary>
    /// The highest rate (starts per second of one pacer) at which its thread is made real-time. Above it, starts are
    /// tens of microseconds apart and a real-time pacer preempts the VUs' threads at every one of them: measured at
    /// 20,000/s on one core, the generator then started 0.80 of its schedule, against 0.99 with the short slice.
    /// </summary>
    public const double RealtimeRateLimit = 10_000;

    /// <summary>The environment variable that turns the raise off (value <c>normal</c>).</summary>
    public const string Variable = "RAMPA_PACER_PRIORITY";

    private const uint SchedOther = 0;
    private const uint SchedFifo = 1;
    private const uint SchedAttrSizeVer0 = 48;
    private const ulong ShortSliceNanos = 100_000; // the shortest slice Linux accepts

    /// <summary>
    /// Raises the calling thread's priority as far as the process may (real time only when
    /// <paramref name="allowRealtime"/>); never throws.
    /// </summary>
    public static Outcome RaiseCurrentThread(bool allowRealtime = true)
    {
        if (!OperatingSystem.IsLinux() || SyscallNumber() is not { } number) return Outcome.Unchanged;
        if (string.Equals(Environment.GetEnvironmentVariable(Variable), "normal", StringComparison.OrdinalIgnoreCase))
            return Outcome.Unchanged;
        try
        {
            var fifo = new SchedAttr { Size = SchedAttrSizeVer0, Policy = SchedFifo, Priority = 1 };
            if (allowRealtime && Native.sched_setattr(number, 0, ref fifo, 0) == 0) return Outcome.Realtime;
            var slice = new SchedAttr { Size = SchedAttrSizeVer0, Policy = SchedOther, Nice = CurrentNice(), Runtime = ShortSliceNanos };
            if (Native.sched_setattr(number, 0, ref slice, 0) == 0) return Outcome.ShortSlice;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
        return Outcome.Unchanged;
    }

    /// <summary>sched_setattr's system call number (glibc before 2.41 has no wrapper).</summary>
    private static long? SyscallNumber() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 314,
        Architecture.Arm64 => 274,
        _ => null,
    };

    /// <summary>The thread's nice value, kept when only the slice changes (lowering it would need privileges).</summary>
    private static int CurrentNice()
    {
        Marshal.SetLastPInvokeError(0);
        var nice = Native.getpriority(0, 0); // PRIO_PROCESS of "0": the calling thread on Linux
        return nice == -1 && Marshal.GetLastPInvokeError() != 0 ? 0 : nice;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedAttr
    {
        public uint Size;
        public uint Policy;
        public ulong Flags;
        public int Nice;
        public uint Priority;
        public ulong Runtime;
        public ulong Deadline;
        public ulong Period;
    }

    private static class Native
    {
        [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
        public static extern long sched_setattr(long number, long tid, ref SchedAttr attr, long flags);

        [DllImport("libc", EntryPoint = "getpriority", SetLastError = true)]
        public static extern int getpriority(int which, int who);
    }
}
