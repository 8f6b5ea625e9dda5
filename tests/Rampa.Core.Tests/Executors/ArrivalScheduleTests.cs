using Rampa.Core.Executors;
using Rampa.Core.Segments;
using static Rampa.Core.Tests.Executors.ExecutorTestHelpers;

namespace Rampa.Core.Tests.Executors;

/// <summary>The global schedules the pacers walk: uniform (the executors' own arithmetic) and Poisson (seeded).</summary>
public class ArrivalScheduleTests
{
    private static ConstantArrivalRate Constant(long rate, string duration, string timeUnit = "1s", ArrivalDistribution arrival = ArrivalDistribution.Uniform) =>
        new() { Rate = rate, Duration = D(duration), TimeUnit = D(timeUnit), PreAllocatedVus = 1, Arrival = arrival };

    private static RampingArrivalRate Ramping(double startRate, string stages, ArrivalDistribution arrival = ArrivalDistribution.Uniform) =>
        new() { StartRate = startRate, Stages = Stages(stages), PreAllocatedVus = 1, Arrival = arrival };

    [Fact]
    public void Uniform_is_the_executors_own_schedule()
    {
        var c = Constant(7, "3s");
        Assert.Equal(Enumerable.Range(0, (int)c.TotalIterations).Select(g => c.StartOffset(g)), ArrivalSchedule.Offsets(c, 1, "s"));
        Assert.Equal(21, ArrivalSchedule.Offsets(c, 1, "s").Count());
        var r = Ramping(0, "2s:10,1s:10");
        Assert.Equal(r.StartOffsets(), ArrivalSchedule.Offsets(r, 1, "s"));
        Assert.Equal(r.TotalIterations, ArrivalSchedule.Offsets(r, 99, "other").Count()); // uniform ignores the seed
    }

    [Fact]
    public void Ramping_offsets_at_counting_areas_are_the_start_offsets()
    {
        var r = Ramping(3, "1s:10,0s:40,2s:0,1s:5");
        var counting = Enumerable.Range(1, 1000).Select(i => (double)i);
        Assert.Equal(r.StartOffsets(), r.OffsetsAtAreas(counting));
    }

    public static TheoryData<string, ExecutorConfig, double> PoissonCases => new()
    {
        // label, executor, expected number of starts (the area under the rate line)
        { "constant 1000/s for 10s", Constant(1000, "10s", arrival: ArrivalDistribution.Poisson), 10_000 },
        { "constant 30 per 100ms for 20s", Constant(30, "20s", "100ms", ArrivalDistribution.Poisson), 6_000 },
        { "constant 120/m for 30m", Constant(120, "30m", "1m", ArrivalDistribution.Poisson), 3_600 },
        { "ramping 0 -> 500/s over 20s", Ramping(0, "20s:500", ArrivalDistribution.Poisson), 5_000 },
        { "ramping 100 -> 0 with a jump", Ramping(100, "10s:100,0s:400,10s:0", ArrivalDistribution.Poisson), 3_000 },
    };

    [Theory]
    [MemberData(nameof(PoissonCases))]
    public void Poisson_is_fixed_by_the_seed_and_keeps_the_mean_rate(string label, ExecutorConfig executor, double expected)
    {
        var a = ArrivalSchedule.Offsets(executor, 42, "s").ToList();
        var again = ArrivalSchedule.Offsets(executor, 42, "s").ToList();
        var otherSeed = ArrivalSchedule.Offsets(executor, 43, "s").ToList();
        var otherScenario = ArrivalSchedule.Offsets(executor, 42, "t").ToList();
        Assert.Equal(a, again);
        Assert.NotEqual(a, otherSeed);
        Assert.NotEqual(a, otherScenario);
        // A Poisson count has sigma = sqrt(mean): stay within 4 sigma.
        var sigma = Math.Sqrt(expected);
        Assert.InRange(a.Count, expected - 4 * sigma, expected + 4 * sigma);
        Assert.InRange(otherSeed.Count, expected - 4 * sigma, expected + 4 * sigma);
        // Ordered, inside the executor's time, and not the uniform schedule.
        for (var i = 1; i < a.Count; i++) Assert.True(a[i] >= a[i - 1], $"{label}: offset {i} goes back");
        Assert.True(a[0] >= TimeSpan.Zero);
        Assert.True(a[^1] <= executor.RegularDuration);
        var uniform = executor switch
        {
            ConstantArrivalRate c => ArrivalSchedule.Offsets(c with { Arrival = ArrivalDistribution.Uniform }, 42, "s"),
            RampingArrivalRate r => ArrivalSchedule.Offsets(r with { Arrival = ArrivalDistribution.Uniform }, 42, "s"),
            _ => throw new InvalidOperationException(),
        };
        Assert.NotEqual(uniform.Take(50), a.Take(50));
    }

    [Theory]
    [InlineData(1000, "10s")]
    [InlineData(50, "100s")]
    public void Poisson_gaps_of_a_constant_rate_are_exponential(long rate, string duration)
    {
        var offsets = ArrivalSchedule.Offsets(Constant(rate, duration, arrival: ArrivalDistribution.Poisson), 7, "s").ToList();
        var gaps = offsets.Zip(offsets.Skip(1), (x, y) => (y - x).TotalSeconds).ToList();
        var mean = gaps.Average();
        var sd = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / (gaps.Count - 1));
        Assert.InRange(mean, 0.95 / rate, 1.05 / rate);
        Assert.InRange(sd / mean, 0.9, 1.1);                      // an exponential's coefficient of variation is 1
        var median = gaps.Order().ElementAt(gaps.Count / 2);
        Assert.InRange(median * rate, Math.Log(2) * 0.9, Math.Log(2) * 1.1); // its median is ln 2 times the mean
    }

    [Fact]
    public void Poisson_ramp_follows_the_rate_line()
    {
        // 0 -> 1000/s over 10s: the first half of the time holds a quarter of the area.
        var offsets = ArrivalSchedule.Offsets(Ramping(0, "10s:1000", ArrivalDistribution.Poisson), 5, "s").ToList();
        var firstHalf = offsets.Count(o => o < TimeSpan.FromSeconds(5));
        Assert.InRange(firstHalf, 1250 - 4 * Math.Sqrt(1250), 1250 + 4 * Math.Sqrt(1250));
        Assert.InRange(offsets.Count - firstHalf, 3750 - 4 * Math.Sqrt(3750), 3750 + 4 * Math.Sqrt(3750));
    }

    [Fact]
    public void Striped_poisson_segments_share_one_stream()
    {
        var c = Constant(500, "5s", arrival: ArrivalDistribution.Poisson);
        var sequence = ExecutionSegmentSequence.Even(3);
        var global = ArrivalSchedule.Offsets(c, 11, "s").ToList();
        // Each silo computes the same global list and keeps its own indices: the union is the list, in place.
        var union = Enumerable.Range(0, 3)
            .SelectMany(k => ArrivalSchedule.Offsets(c, 11, "s").Select((o, g) => (g, o)).Where(x => sequence.OwnerOf(x.g) == k))
            .OrderBy(x => x.g).ToList();
        Assert.Equal(Enumerable.Range(0, global.Count), union.Select(x => x.g));
        Assert.Equal(global, union.Select(x => x.o));
    }
}
