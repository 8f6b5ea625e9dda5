using Rampa.Core.Executors;
using static Rampa.Core.Tests.Executors.ExecutorTestHelpers;

namespace Rampa.Core.Tests.Executors;

/// <summary>Options every executor has: startTime, gracefulStop, and the hard end.</summary>
public class ExecutorConfigTests
{
    private static ExecutorConfig Valid(string kind) => kind switch
    {
        ConstantVus.Name => new ConstantVus { Vus = 2, Duration = D("10s") },
        RampingVus.Name => new RampingVus { StartVus = 0, Stages = Stages("10s:5,5s:0") },
        SharedIterations.Name => new SharedIterations { Vus = 2, Iterations = 10 },
        PerVuIterations.Name => new PerVuIterations { Vus = 2, Iterations = 3 },
        ConstantArrivalRate.Name => new ConstantArrivalRate { Rate = 10, Duration = D("10s"), PreAllocatedVus = 2 },
        RampingArrivalRate.Name => new RampingArrivalRate { Stages = Stages("10s:10"), PreAllocatedVus = 2 },
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static TheoryData<string> AllKinds => new(ExecutorConfig.Kinds);

    [Fact]
    public void Kinds_in_documentation_order()
    {
        Assert.Equal(
            ["constant-vus", "ramping-vus", "shared-iterations", "per-vu-iterations", "constant-arrival-rate", "ramping-arrival-rate"],
            ExecutorConfig.Kinds);
        Assert.Equal(ExecutorConfig.Kinds, ExecutorConfig.Kinds.Select(k => Valid(k).Kind));
        Assert.Equal([false, false, false, false, true, true], ExecutorConfig.Kinds.Select(k => Valid(k).IsArrivalRate));
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void A_valid_config_has_no_errors(string kind) => Assert.Empty(Valid(kind).Validate());

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Negative_start_time_is_an_error(string kind) =>
        AssertErrors(Valid(kind) with { StartTime = D("-1ms") }, "startTime");

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Negative_graceful_stop_is_an_error(string kind) =>
        AssertErrors(Valid(kind) with { GracefulStop = D("-1s") }, "gracefulStop");

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Zero_start_time_and_graceful_stop_are_fine(string kind) =>
        Assert.Empty((Valid(kind) with { StartTime = TimeSpan.Zero, GracefulStop = TimeSpan.Zero }).Validate());

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Graceful_stop_defaults_to_30s_and_the_hard_end_adds_it(string kind)
    {
        var c = Valid(kind);
        Assert.Equal(TimeSpan.FromSeconds(30), c.GracefulStop);
        Assert.Equal(ExecutorConfig.DefaultGracefulStop, c.GracefulStop);
        Assert.Equal(TimeSpan.Zero, c.StartTime);
        Assert.Equal(c.RegularDuration + TimeSpan.FromSeconds(30), c.HardDuration);
        var quick = c with { GracefulStop = D("1500ms") };
        Assert.Equal(c.RegularDuration + D("1.5s"), quick.HardDuration);
    }

    [Fact]
    public void Regular_durations_of_each_kind()
    {
        Assert.Equal(D("10s"), Valid(ConstantVus.Name).RegularDuration);
        Assert.Equal(D("15s"), Valid(RampingVus.Name).RegularDuration);
        Assert.Equal(D("10m"), Valid(SharedIterations.Name).RegularDuration);
        Assert.Equal(D("10m"), Valid(PerVuIterations.Name).RegularDuration);
        Assert.Equal(D("10s"), Valid(ConstantArrivalRate.Name).RegularDuration);
        Assert.Equal(D("10s"), Valid(RampingArrivalRate.Name).RegularDuration);
    }
}
