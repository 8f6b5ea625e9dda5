using Rampa.Core.Executors;
using static Rampa.Core.Tests.Executors.ExecutorTestHelpers;

namespace Rampa.Core.Tests.Executors;

public class ConstantVusTests
{
    [Theory]
    [InlineData(1, "1s", "")]
    [InlineData(10, "10m", "")]
    [InlineData(1000, "1h", "")]
    [InlineData(0, "10s", "vus")]
    [InlineData(-1, "10s", "vus")]
    [InlineData(1, "999ms", "duration")]
    [InlineData(1, "0s", "duration")]
    [InlineData(0, "0s", "vus,duration")]
    public void Validation(int vus, string duration, string expectedErrors) =>
        AssertErrors(new ConstantVus { Vus = vus, Duration = D(duration) }, expectedErrors);

    [Fact]
    public void Duration_is_required_so_the_default_is_invalid()
    {
        var c = new ConstantVus();
        Assert.Equal(1, c.Vus);
        Assert.Equal("duration", Assert.Single(c.Validate()).Option);
    }

    [Fact]
    public void Negative_duration_is_invalid() =>
        AssertErrors(new ConstantVus { Duration = TimeSpan.FromSeconds(-5) }, "duration");

    [Fact]
    public void Defaults_and_kind()
    {
        var c = new ConstantVus { Duration = D("10s") };
        Assert.Equal("constant-vus", c.Kind);
        Assert.Equal(ConstantVus.Name, c.Kind);
        Assert.False(c.IsArrivalRate);
        Assert.Equal(TimeSpan.Zero, c.StartTime);
        Assert.Equal(TimeSpan.FromSeconds(30), c.GracefulStop);
    }

    [Theory]
    [InlineData(5, "30s", "30s", "30s", "1m")]
    [InlineData(1, "1s", "0s", "1s", "1s")]
    [InlineData(100, "10m", "2s", "10m", "10m2s")]
    public void Durations_and_max_vus(int vus, string duration, string gracefulStop, string regular, string hard)
    {
        var c = new ConstantVus { Vus = vus, Duration = D(duration), GracefulStop = D(gracefulStop) };
        Assert.Equal(D(regular), c.RegularDuration);
        Assert.Equal(D(hard), c.HardDuration);
        Assert.Equal(vus, c.MaxVus);
    }

    [Fact]
    public void Start_time_does_not_change_the_executor_relative_durations()
    {
        var c = new ConstantVus { Vus = 2, Duration = D("10s"), StartTime = D("1m") };
        Assert.Equal(D("10s"), c.RegularDuration);
        Assert.Equal(D("40s"), c.HardDuration);
    }

    [Theory]
    [InlineData("-1ms", 0)]
    [InlineData("0s", 7)]
    [InlineData("1ms", 7)]
    [InlineData("5s", 7)]
    [InlineData("9.999s", 7)]
    [InlineData("10s", 0)]
    [InlineData("11s", 0)]
    public void Planned_vus_is_vus_for_the_whole_duration_only(string at, int expected)
    {
        var c = new ConstantVus { Vus = 7, Duration = D("10s") };
        Assert.Equal(expected, c.PlannedVusAt(D(at)));
    }

    [Fact]
    public void Planned_vus_one_tick_before_the_end_is_still_vus()
    {
        var c = new ConstantVus { Vus = 3, Duration = D("10s") };
        Assert.Equal(3, c.PlannedVusAt(D("10s") - TimeSpan.FromTicks(1)));
        Assert.Equal(0, c.PlannedVusAt(-TimeSpan.FromTicks(1)));
    }
}
