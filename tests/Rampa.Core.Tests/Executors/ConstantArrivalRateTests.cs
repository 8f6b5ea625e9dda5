using Rampa.Core.Executors;
using static Rampa.Core.Tests.Executors.ExecutorTestHelpers;

namespace Rampa.Core.Tests.Executors;

public class ConstantArrivalRateTests
{
    private static ConstantArrivalRate Car(long rate, string timeUnit, string duration, int preAllocated = 10, int? maxVus = null) =>
        new() { Rate = rate, TimeUnit = D(timeUnit), Duration = D(duration), PreAllocatedVus = preAllocated, MaxVusOption = maxVus };

    // ---- validation ----------------------------------------------------------------------------------------

    [Theory]
    [InlineData(200, "1s", "10s", 10, null, "")]
    [InlineData(1, "1m", "1s", 0, null, "")]         // preAllocatedVUs may be 0
    [InlineData(1, "1s", "1h", 0, 5, "")]
    [InlineData(1, "1s", "1h", 10, 10, "")]
    [InlineData(0, "1s", "10s", 10, null, "rate")]
    [InlineData(-5, "1s", "10s", 10, null, "rate")]
    [InlineData(10, "0s", "10s", 10, null, "timeUnit")]
    [InlineData(10, "-1s", "10s", 10, null, "timeUnit")]
    [InlineData(10, "1s", "999ms", 10, null, "duration")]
    [InlineData(10, "1s", "0s", 10, null, "duration")]
    [InlineData(10, "1s", "10s", -1, null, "preAllocatedVUs")]
    [InlineData(10, "1s", "10s", 10, 9, "maxVUs")]
    [InlineData(10, "1s", "10s", 10, 0, "maxVUs")]
    [InlineData(10, "1s", "10s", -1, -2, "preAllocatedVUs,maxVUs")]
    [InlineData(0, "0s", "0s", -1, -2, "rate,timeUnit,duration,preAllocatedVUs,maxVUs")]
    public void Validation(long rate, string timeUnit, string duration, int preAllocated, int? maxVus, string expectedErrors) =>
        AssertErrors(Car(rate, timeUnit, duration, preAllocated, maxVus), expectedErrors);

    [Fact]
    public void Required_options_make_the_default_invalid()
    {
        var c = new ConstantArrivalRate();
        Assert.Equal(D("1s"), c.TimeUnit);
        Assert.Equal(ArrivalDistribution.Uniform, c.Arrival);
        AssertErrors(c, "rate,duration");
    }

    [Fact]
    public void Kind() 
    {
        var c = Car(1, "1s", "1s");
        Assert.Equal("constant-arrival-rate", c.Kind);
        Assert.True(c.IsArrivalRate);
    }

    // ---- durations and VUs ---------------------------------------------------------------------------------

    [Theory]
    [InlineData("10s", "30s", 10, null, "10s", "40s", 10)]
    [InlineData("1m", "0s", 5, 50, "1m", "1m", 50)]
    [InlineData("1s", "1s", 0, null, "1s", "2s", 0)]
    public void Durations_and_max_vus(string duration, string gracefulStop, int preAllocated, int? maxVus, string regular, string hard, int expectedMaxVus)
    {
        var c = Car(100, "1s", duration, preAllocated, maxVus) with { GracefulStop = D(gracefulStop) };
        Assert.Equal(D(regular), c.RegularDuration);
        Assert.Equal(D(hard), c.HardDuration);
        Assert.Equal(expectedMaxVus, c.MaxVus);
    }

    // ---- the schedule -------------------------------------------------------------------------------------

    [Theory]
    [InlineData(200, "1s", "10s", 2000)]
    [InlineData(3, "1s", "1s", 3)]
    [InlineData(1, "1s", "1s", 1)]
    [InlineData(3, "1s", "1.5s", 5)]          // 0, 1/3, 2/3, 1, 4/3: all strictly before 1.5s
    [InlineData(1, "1m", "60s", 1)]
    [InlineData(1, "1m", "61s", 2)]
    [InlineData(1, "1m", "90s", 2)]
    [InlineData(120, "1m", "10s", 20)]
    [InlineData(7, "3s", "10s", 24)]          // ceil(70/3)
    [InlineData(1, "1h", "1s", 1)]
    [InlineData(1000, "1s", "1h", 3_600_000)]
    [InlineData(1_000_000, "1s", "10m", 600_000_000)]
    public void Total_iterations(long rate, string timeUnit, string duration, long expected) =>
        Assert.Equal(expected, Car(rate, timeUnit, duration).TotalIterations);

    [Theory]
    [InlineData(200, "1s", 0, 0)]
    [InlineData(200, "1s", 1, 50_000)]                  // 5ms
    [InlineData(200, "1s", 1999, 99_950_000)]           // 9.995s
    [InlineData(3, "1s", 1, 3_333_333)]                 // 333.3333ms, truncated to the tick
    [InlineData(3, "1s", 2, 6_666_666)]
    [InlineData(3, "1s", 3, 10_000_000)]
    [InlineData(3, "1s", 10_800, 36_000_000_000)]        // 3600s exactly: computed, so no drift
    [InlineData(7, "1s", 1, 1_428_571)]
    [InlineData(7, "1s", 7_000_000, 10_000_000_000_000)]
    [InlineData(1, "1m", 1, 600_000_000)]
    [InlineData(120, "1m", 1, 5_000_000)]
    [InlineData(120, "1m", 19, 95_000_000)]
    [InlineData(1000, "1s", 3_599_999, 35_999_990_000)]
    public void Start_offset_is_exact(long rate, string timeUnit, long g, long expectedTicks) =>
        Assert.Equal(TimeSpan.FromTicks(expectedTicks), Car(rate, timeUnit, "1h").StartOffset(g));

    [Fact]
    public void Two_hundred_per_second_for_ten_seconds()
    {
        var c = Car(200, "1s", "10s");
        Assert.Equal(2000, c.TotalIterations);
        Assert.Equal(TimeSpan.Zero, c.StartOffset(0));
        Assert.Equal(TimeSpan.FromMilliseconds(9995), c.StartOffset(c.TotalIterations - 1));
        Assert.Equal(c.Duration, c.StartOffset(c.TotalIterations)); // the next one would be at the end: not started
    }

    [Fact]
    public void Three_per_second_offsets()
    {
        var c = Car(3, "1s", "1s");
        Assert.Equal(
            [TimeSpan.Zero, TimeSpan.FromTicks(3_333_333), TimeSpan.FromTicks(6_666_666)],
            Enumerable.Range(0, (int)c.TotalIterations).Select(g => c.StartOffset(g)));
    }

    [Theory]
    [InlineData(1, "1s", "1s")]
    [InlineData(3, "1s", "1.5s")]
    [InlineData(7, "3s", "10s")]
    [InlineData(200, "1s", "10s")]
    [InlineData(1, "1m", "90s")]
    [InlineData(120, "1m", "10s")]
    [InlineData(9_999_999, "1s", "1s")]      // period below one tick
    [InlineData(13, "7s", "1m1s")]
    public void Every_start_is_strictly_before_the_end_and_the_next_is_not(long rate, string timeUnit, string duration)
    {
        var c = Car(rate, timeUnit, duration);
        var n = c.TotalIterations;
        Assert.True(n > 0);
        Assert.True(c.StartOffset(n - 1) < c.Duration, "the last start is before the end");
        Assert.True(c.StartOffset(n) >= c.Duration, "one more start would not be before the end");
        // Offsets never decrease, start at 0, and every rate-th start is exactly a whole time unit.
        Assert.Equal(TimeSpan.Zero, c.StartOffset(0));
        var previous = TimeSpan.MinValue;
        for (long g = 0; g < Math.Min(n, 100_000); g++)
        {
            var o = c.StartOffset(g);
            Assert.True(o >= previous);
            previous = o;
        }
        for (long k = 0; k * rate < n && k < 1000; k++) Assert.Equal(c.TimeUnit * k, c.StartOffset(k * rate));
    }

    [Fact]
    public void Offsets_are_the_floor_of_g_times_the_period_in_ticks()
    {
        var c = Car(7, "1s", "1h");
        for (long g = 0; g < 10_000; g++)
        {
            var exact = g * 10_000_000m / 7m;     // the true start, in ticks
            var ticks = c.StartOffset(g).Ticks;
            Assert.True(ticks <= exact && exact < ticks + 1, $"g={g}: {ticks} vs {exact}");
        }
    }
}
