using Rampa.Core.Engine;
using Rampa.Core.Executors;

namespace Rampa.Core.Tests.Engine;

/// <summary>The pacer's thread really gets the scheduling the kernel allows the process (read back from /proc).</summary>
public sealed class PacerThreadPriorityTests
{
    private const int SchedFifo = 1;

    /// <summary>Runs <paramref name="body"/> on a fresh thread (never raise a test runner's thread).</summary>
    private static T OnOwnThread<T>(Func<T> body)
    {
        T result = default!;
        var thread = new Thread(() => result = body());
        thread.Start();
        thread.Join();
        return result;
    }

    /// <summary>The scheduling policy of the calling thread: field 41 of /proc/thread-self/stat.</summary>
    private static int CurrentPolicy()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(afterName[41 - 3]); // fields 1 and 2 are the pid and the name
    }

    private static bool IsRoot => OperatingSystem.IsLinux() && Environment.UserName == "root";

    [Fact]
    public void As_root_on_Linux_the_thread_becomes_real_time()
    {
        Assert.True(OperatingSystem.IsLinux(), "Rampa's generators and CI run on Linux");
        var (outcome, policy) = OnOwnThread(() => (PacerThreadPriority.RaiseCurrentThread(), CurrentPolicy()));
        if (IsRoot)
        {
            Assert.Equal(PacerThreadPriority.Outcome.Realtime, outcome);
            Assert.Equal(SchedFifo, policy);
        }
        else
        {
            // Without the privilege: a short slice where the kernel takes it, never real time, never an exception.
            Assert.NotEqual(PacerThreadPriority.Outcome.Realtime, outcome);
            Assert.NotEqual(SchedFifo, policy);
        }
    }

    [Fact]
    public void Without_real_time_allowed_the_thread_never_becomes_real_time()
    {
        var (outcome, policy) = OnOwnThread(() => (PacerThreadPriority.RaiseCurrentThread(allowRealtime: false), CurrentPolicy()));
        Assert.NotEqual(PacerThreadPriority.Outcome.Realtime, outcome);
        Assert.NotEqual(SchedFifo, policy);
    }

    [Theory]
    [InlineData("constant-arrival-rate", 20_000.0)]
    [InlineData("ramping-arrival-rate", 12_000.0)]
    public void A_pacer_is_real_time_only_up_to_the_rate_limit(string kind, double peak)
    {
        ExecutorConfig executor = kind == "constant-arrival-rate"
            ? new ConstantArrivalRate { Rate = 1_200, TimeUnit = TimeSpan.FromMilliseconds(60), Duration = TimeSpan.FromSeconds(1), PreAllocatedVus = 1 }
            : new RampingArrivalRate { StartRate = 50, TimeUnit = TimeSpan.FromMilliseconds(100), PreAllocatedVus = 1,
                Stages = [new(TimeSpan.FromSeconds(1), 1_200), new(TimeSpan.FromSeconds(1), 10)] };
        Assert.Equal(peak, ArrivalRateDriver.PeakRate(executor), 6);
        Assert.True(peak > PacerThreadPriority.RealtimeRateLimit);
    }

    [Fact]
    public void Only_the_raised_thread_changes()
    {
        OnOwnThread(() => PacerThreadPriority.RaiseCurrentThread());
        Assert.NotEqual(SchedFifo, CurrentPolicy());
        Assert.NotEqual(SchedFifo, OnOwnThread(CurrentPolicy));
    }
}
