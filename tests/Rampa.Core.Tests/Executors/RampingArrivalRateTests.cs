using Rampa.Core.Executors;
using static Rampa.Core.Tests.Executors.ExecutorTestHelpers;

namespace Rampa.Core.Tests.Executors;

public class RampingArrivalRateTests
{
    private static RampingArrivalRate Rar(double startRate, string stages, string timeUnit = "1s", int preAllocated = 10, int? maxVus = null) =>
        new() { StartRate = startRate, Stages = Stages(stages), TimeUnit = D(timeUnit), PreAllocatedVus = preAllocated, MaxVusOption = maxVus };

    private static TimeSpan S(double seconds) => TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

    /// <summary>Asserts the offsets match, each within a microsecond (the plan computes in double seconds).</summary>
    private static void AssertOffsets(IReadOnlyList<TimeSpan> expected, RampingArrivalRate c)
    {
        var actual = c.StartOffsets().ToList();
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++) AssertClose(expected[i], actual[i], 10, $"iteration {i + 1}: ");
        Assert.Equal(expected.Count, c.TotalIterations);
    }

    // ---- validation ----------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0, "1s", "10s:10", 5, null, "")]
    [InlineData(50, "1m", "0s:0", 0, null, "")]
    [InlineData(2.5, "1s", "10s:0,10s:20", 0, 100, "")]
    [InlineData(-1, "1s", "10s:10", 5, null, "startRate")]
    [InlineData(0, "0s", "10s:10", 5, null, "timeUnit")]
    [InlineData(0, "-1m", "10s:10", 5, null, "timeUnit")]
    [InlineData(0, "1s", "", 5, null, "stages")]
    [InlineData(0, "1s", "-1s:5", 5, null, "stages[0].duration")]
    [InlineData(0, "1s", "10s:5,5s:-5", 5, null, "stages[1].target")]
    [InlineData(0, "1s", "10s:5", -1, null, "preAllocatedVUs")]
    [InlineData(0, "1s", "10s:5", 10, 9, "maxVUs")]
    [InlineData(-1, "0s", "-1s:-1", -1, -2, "startRate,timeUnit,stages[0].duration,stages[0].target,preAllocatedVUs,maxVUs")]
    public void Validation(double startRate, string timeUnit, string stages, int preAllocated, int? maxVus, string expectedErrors) =>
        AssertErrors(Rar(startRate, stages, timeUnit, preAllocated, maxVus), expectedErrors);

    [Fact]
    public void Defaults()
    {
        var c = new RampingArrivalRate();
        Assert.Equal("ramping-arrival-rate", c.Kind);
        Assert.True(c.IsArrivalRate);
        Assert.Equal(0, c.StartRate);
        Assert.Equal(D("1s"), c.TimeUnit);
        Assert.Equal(ArrivalDistribution.Uniform, c.Arrival);
        AssertErrors(c, "stages");
    }

    [Theory]
    [InlineData("10s:10,20s:10,5s:0", "30s", 10, null, "35s", "1m5s", 10)]
    [InlineData("0s:10", "0s", 5, 20, "0s", "0s", 20)]
    [InlineData("1m:1", "1s", 0, null, "1m", "1m1s", 0)]
    public void Durations_and_max_vus(string stages, string gracefulStop, int preAllocated, int? maxVus, string regular, string hard, int expectedMaxVus)
    {
        var c = Rar(0, stages, "1s", preAllocated, maxVus) with { GracefulStop = D(gracefulStop) };
        Assert.Equal(D(regular), c.RegularDuration);
        Assert.Equal(D(hard), c.HardDuration);
        Assert.Equal(expectedMaxVus, c.MaxVus);
    }

    // ---- the schedule -------------------------------------------------------------------------------------

    [Fact]
    public void A_flat_2_per_second_stage_first_fires_at_half_a_second()
    {
        var c = Rar(2, "10s:2");
        AssertOffsets(Enumerable.Range(1, 20).Select(i => S(0.5 * i)).ToList(), c);
        Assert.Equal(TimeSpan.FromMilliseconds(500), c.StartOffsets().First());
    }

    [Fact]
    public void A_ramp_from_0_to_10_per_second_over_10s_starts_iteration_i_at_sqrt_2i()
    {
        // rate(t) = t/s, area(t) = t^2/2, so iteration i starts at sqrt(2i): 1.414s, 2s, 2.449s ... 10s.
        var c = Rar(0, "10s:10");
        Assert.Equal(50, c.TotalIterations);
        AssertOffsets(Enumerable.Range(1, 50).Select(i => S(Math.Sqrt(2.0 * i))).ToList(), c);
        var offsets = c.StartOffsets().ToList();
        AssertClose(S(1.4142135623730951), offsets[0], 10);
        AssertClose(S(2), offsets[1], 10);
        AssertClose(S(10), offsets[49], 10);
    }

    [Fact]
    public void A_ramp_down_to_0()
    {
        // rate(t) = 10 - t, area(t) = 10t - t^2/2, so iteration i starts at 10 - sqrt(100 - 2i).
        var c = Rar(10, "10s:0");
        Assert.Equal(50, c.TotalIterations);
        AssertOffsets(Enumerable.Range(1, 50).Select(i => S(10 - Math.Sqrt(100.0 - 2 * i))).ToList(), c);
    }

    [Fact]
    public void A_ramp_then_a_flat_stage()
    {
        var c = Rar(0, "10s:10,1s:10");
        var expected = Enumerable.Range(1, 50).Select(i => S(Math.Sqrt(2.0 * i)))
            .Concat(Enumerable.Range(1, 10).Select(k => S(10 + 0.1 * k))).ToList();
        AssertOffsets(expected, c);
        Assert.Equal(60, c.TotalIterations);
    }

    [Fact]
    public void Time_unit_of_a_minute()
    {
        // 60 per minute is 1/s.
        AssertOffsets(Enumerable.Range(1, 10).Select(k => S(k)).ToList(), Rar(60, "10s:60", "1m"));
        // 0 -> 120/min (2/s) over 60s: area(t) = t^2/60, so iteration i starts at sqrt(60i).
        var ramp = Rar(0, "1m:120", "1m");
        Assert.Equal(60, ramp.TotalIterations);
        AssertOffsets(Enumerable.Range(1, 60).Select(i => S(Math.Sqrt(60.0 * i))).ToList(), ramp);
        // 1 per minute for 90s: one start, at 60s.
        AssertOffsets([S(60)], Rar(1, "90s:1", "1m"));
    }

    [Fact]
    public void Start_rate_0_and_a_flat_0_stage_starts_nothing()
    {
        var c = Rar(0, "10s:0");
        Assert.Empty(c.StartOffsets());
        Assert.Equal(0, c.TotalIterations);
    }

    [Fact]
    public void A_stage_of_0s_is_a_jump()
    {
        AssertOffsets(Enumerable.Range(1, 10).Select(k => S(0.1 * k)).ToList(), Rar(0, "0s:10,1s:10"));
        // 2/s for 1s, a jump to 0, 5s of nothing, a jump back to 2/s for 1s.
        AssertOffsets([S(0.5), S(1), S(6.5), S(7)], Rar(2, "1s:2,0s:0,5s:0,0s:2,1s:2"));
        // Only 0s stages: nothing starts.
        var jumps = Rar(0, "0s:100,0s:5");
        Assert.Empty(jumps.StartOffsets());
        Assert.Equal(0, jumps.TotalIterations);
    }

    [Fact]
    public void Leftover_fractions_carry_into_the_next_stage()
    {
        // 1/s for 1.5s (1 start, half an iteration left over), then 1/s for 1.5s: starts at 1, 2, 3.
        AssertOffsets([S(1), S(2), S(3)], Rar(1, "1.5s:1,1.5s:1"));
        // 2/s for 1.25s: starts at 0.5 and 1, 0.5 left over. Then 2 -> 4/s over 1s: area(tau) = 2tau + tau^2,
        // so the next start is where that reaches 0.5, then 1.5, then 2.5 (the stage's area is 3).
        AssertOffsets(
        [
            S(0.5), S(1),
            S(1.25 - 1 + Math.Sqrt(1.5)), S(1.25 - 1 + Math.Sqrt(2.5)), S(1.25 - 1 + Math.Sqrt(3.5)),
        ], Rar(2, "1.25s:2,1s:4"));
    }

    [Fact]
    public void Total_iterations_is_the_area_rounded_down()
    {
        Assert.Equal(20, Rar(2, "10s:2").TotalIterations);
        Assert.Equal(2, Rar(1, "2.5s:1").TotalIterations);
        Assert.Equal(7, Rar(0, "5s:3").TotalIterations);          // 7.5
        Assert.Equal(200, Rar(5, "10s:20,5s:10,0s:50").TotalIterations); // 125 + 75
        Assert.Equal(3, Rar(1, "3m:1", "1m").TotalIterations);
        Assert.Equal(0, Rar(0, "1s:1").TotalIterations);          // 0.5
    }

    [Theory]
    [InlineData(1000, "10m:1000", "1s", 600_000)]
    [InlineData(0, "10m:2000", "1s", 600_000)]
    [InlineData(3, "1h:3", "7s", 1542)]                  // 3 per 7s for 3600s: 1542.86
    [InlineData(7, "10m:13,10m:1,10m:1000", "3s", 103_500)]
    public void Long_plans_keep_count_and_order(double startRate, string stages, string timeUnit, long expected)
    {
        var c = Rar(startRate, stages, timeUnit);
        var offsets = c.StartOffsets().ToList();
        Assert.Equal(expected, c.TotalIterations);
        Assert.Equal(expected, offsets.Count);
        for (var i = 1; i < offsets.Count; i++) Assert.True(offsets[i - 1] <= offsets[i]);
        Assert.True(offsets[^1] <= c.RegularDuration);
    }

    [Fact]
    public void Thousands_of_short_stages_carry_their_fractions_without_drift()
    {
        // 5000 pairs of 100ms stages 1 -> 3 -> 1 per second: 0.4 iterations per pair, 2000 in all.
        var c = Rar(1, string.Join(",", Enumerable.Repeat("100ms:3,100ms:1", 5000)));
        var offsets = c.StartOffsets().ToList();
        Assert.Equal(2000, c.TotalIterations);
        Assert.Equal(2000, offsets.Count);
        // Every 2 iterations take 5 pairs (1s): iteration 2k ends a 1s block, so it starts at k seconds.
        for (var k = 1; k <= 1000; k++) AssertClose(S(k), offsets[2 * k - 1], 10, $"iteration {2 * k}: ");
    }

    // ---- properties over random plans ---------------------------------------------------------------------

    /// <summary>The area under the rate line up to <paramref name="t"/>, computed independently of the executor.</summary>
    private static double Area(RampingArrivalRate c, TimeSpan t)
    {
        var perSecond = 1.0 / c.TimeUnit.TotalSeconds;
        double area = 0, from = c.StartRate * perSecond, start = 0, at = t.TotalSeconds;
        foreach (var s in c.Stages)
        {
            var to = s.Target * perSecond;
            var d = s.Duration.TotalSeconds;
            if (d > 0)
            {
                var tau = Math.Clamp(at - start, 0, d);
                area += from * tau + (to - from) * tau * tau / (2 * d);
            }
            from = to;
            start += d;
        }
        return area;
    }

    [Fact]
    public void Random_plans_start_iteration_i_where_the_area_reaches_i()
    {
        var random = new Random(4242);
        string[] units = ["1s", "500ms", "2s", "1m"];
        for (var n = 0; n < 300; n++)
        {
            var stageCount = random.Next(1, 6);
            var stages = string.Join(",", Enumerable.Range(0, stageCount).Select(_ =>
                $"{(random.Next(5) == 0 ? 0 : random.Next(1, 41) * 250)}ms:{random.Next(0, 31)}"));
            var c = Rar(random.Next(0, 31), stages, units[random.Next(units.Length)]);
            var offsets = c.StartOffsets().ToList();
            var what = $"plan startRate={c.StartRate} stages={stages} timeUnit={c.TimeUnit}: ";

            Assert.True(offsets.Count == c.TotalIterations, what + $"{offsets.Count} offsets but TotalIterations={c.TotalIterations}");
            for (var i = 0; i < offsets.Count; i++)
            {
                Assert.True(offsets[i] >= TimeSpan.Zero && offsets[i] <= c.RegularDuration, what + $"offset {offsets[i]} outside the plan");
                if (i > 0) Assert.True(offsets[i] >= offsets[i - 1], what + "offsets decrease");
                var area = Area(c, offsets[i]);
                Assert.True(Math.Abs(area - (i + 1)) < 1e-4, what + $"iteration {i + 1} starts at {offsets[i]} where the area is {area}");
            }
            // And nothing is left: the whole area is below the next integer.
            Assert.True(Area(c, c.RegularDuration) < offsets.Count + 1 + 1e-6, what + "an iteration is missing");
        }
    }
}
