using Rampa.Core.Executors;
using static Rampa.Core.Tests.Executors.ExecutorTestHelpers;

namespace Rampa.Core.Tests.Executors;

public class RampingVusTests
{
    private static RampingVus Ramp(int startVus, string stages) => new() { StartVus = startVus, Stages = Stages(stages) };

    // ---- validation ----------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0, "10s:20,10s:0", "")]
    [InlineData(1, "10s:0", "")]             // startVUs > 0 is enough
    [InlineData(5, "0s:0", "")]
    [InlineData(0, "0s:5", "")]              // a stage of 0s is a jump, not an error
    [InlineData(0, "0s:5,10s:5,0s:0", "")]
    [InlineData(1, "", "stages")]
    [InlineData(0, "", "stages,stages")]     // no stage, and so no target > 0 either
    [InlineData(-1, "10s:5", "startVUs")]
    [InlineData(-1, "10s:0", "startVUs,stages")]
    [InlineData(1, "10s:-5", "stages[0].target")]
    [InlineData(0, "10s:-1", "stages[0].target,stages")]
    [InlineData(1, "-1s:5", "stages[0].duration")]
    [InlineData(1, "10s:5,-1ms:5", "stages[1].duration")]
    [InlineData(1, "10s:5,-1s:-5,1s:2", "stages[1].duration,stages[1].target")]
    [InlineData(0, "10s:0,5s:0", "stages")]  // startVUs or some target must be > 0
    public void Validation(int startVus, string stages, string expectedErrors) =>
        AssertErrors(Ramp(startVus, stages), expectedErrors);

    [Theory]
    [InlineData("0s", "")]
    [InlineData("30s", "")]
    [InlineData("-1s", "gracefulRampDown")]
    public void Validation_of_graceful_ramp_down(string rampDown, string expectedErrors) =>
        AssertErrors(Ramp(1, "10s:5") with { GracefulRampDown = D(rampDown) }, expectedErrors);

    [Fact]
    public void Validation_reports_every_error_at_once()
    {
        var c = new RampingVus
        {
            StartVus = -1,
            Stages = Stages("-1s:-1,2s:-2"),
            GracefulRampDown = D("-1s"),
            GracefulStop = D("-1s"),
            StartTime = D("-1s"),
        };
        AssertErrors(c, "startTime,gracefulStop,startVUs,stages[0].duration,stages[0].target,stages[1].target,gracefulRampDown,stages");
    }

    [Fact]
    public void Defaults()
    {
        var c = new RampingVus();
        Assert.Equal("ramping-vus", c.Kind);
        Assert.False(c.IsArrivalRate);
        Assert.Equal(1, c.StartVus);
        Assert.Empty(c.Stages);
        Assert.Equal(D("30s"), c.GracefulRampDown);
        Assert.Equal(D("30s"), c.GracefulStop);
    }

    // ---- durations ------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0, "10s:20,10s:0", "30s", "20s", "50s", 20)]
    [InlineData(30, "10s:20,10s:0", "30s", "20s", "50s", 30)]
    [InlineData(3, "0s:7,1m:2", "0s", "1m", "1m", 7)]
    [InlineData(4, "", "5s", "0s", "5s", 4)]
    [InlineData(0, "1m30s:100,30s:100,1m:0", "10s", "3m", "3m10s", 100)]
    public void Durations_and_max_vus(int startVus, string stages, string gracefulStop, string regular, string hard, int maxVus)
    {
        var c = Ramp(startVus, stages) with { GracefulStop = D(gracefulStop) };
        Assert.Equal(D(regular), c.RegularDuration);
        Assert.Equal(D(hard), c.HardDuration);
        Assert.Equal(maxVus, c.MaxVus);
    }

    [Fact]
    public void Graceful_ramp_down_does_not_extend_the_hard_end() =>
        Assert.Equal(D("40s"), (Ramp(0, "10s:20") with { GracefulRampDown = D("5m") }).HardDuration);

    // ---- PlannedVusAt --------------------------------------------------------------------------------------

    [Theory]
    // 0 -> 20 over 10s, then 20 -> 0 over 10s
    [InlineData(0, "10s:20,10s:0", "-1ms", 0)]
    [InlineData(0, "10s:20,10s:0", "0s", 0)]
    [InlineData(0, "10s:20,10s:0", "490ms", 0)]
    [InlineData(0, "10s:20,10s:0", "500ms", 1)]
    [InlineData(0, "10s:20,10s:0", "999ms", 1)]
    [InlineData(0, "10s:20,10s:0", "1s", 2)]
    [InlineData(0, "10s:20,10s:0", "5s", 10)]
    [InlineData(0, "10s:20,10s:0", "9.99s", 19)]
    [InlineData(0, "10s:20,10s:0", "10s", 20)]
    [InlineData(0, "10s:20,10s:0", "10.25s", 20)]    // line 19.5: VU 20 stops when it reaches 19
    [InlineData(0, "10s:20,10s:0", "10.5s", 19)]
    [InlineData(0, "10s:20,10s:0", "15s", 10)]
    [InlineData(0, "10s:20,10s:0", "19.5s", 1)]
    [InlineData(0, "10s:20,10s:0", "19.99s", 1)]
    [InlineData(0, "10s:20,10s:0", "20s", 0)]
    [InlineData(0, "10s:20,10s:0", "25s", 0)]
    // startVUs is the count at 0, ramping from there
    [InlineData(5, "10s:15", "0s", 5)]
    [InlineData(5, "10s:15", "999ms", 5)]
    [InlineData(5, "10s:15", "1s", 6)]
    [InlineData(5, "10s:15", "9.99s", 14)]
    [InlineData(5, "10s:15", "10s", 15)]             // the end of the last stage: its target
    [InlineData(5, "10s:15", "10.001s", 0)]          // after the last stage: nothing
    // a ramp down to 0 from startVUs
    [InlineData(10, "10s:0", "0s", 10)]
    [InlineData(10, "10s:0", "500ms", 10)]
    [InlineData(10, "10s:0", "1s", 9)]
    [InlineData(10, "10s:0", "9.5s", 1)]
    [InlineData(10, "10s:0", "10s", 0)]
    // a stage of 0s is a jump
    [InlineData(0, "0s:5,10s:5,0s:2,10s:2", "0s", 5)]
    [InlineData(0, "0s:5,10s:5,0s:2,10s:2", "9.99s", 5)]
    [InlineData(0, "0s:5,10s:5,0s:2,10s:2", "10s", 2)]
    [InlineData(0, "0s:5,10s:5,0s:2,10s:2", "19.99s", 2)]
    [InlineData(0, "0s:5,10s:5,0s:2,10s:2", "20s", 2)]
    [InlineData(0, "0s:5,10s:5,0s:2,10s:2", "20.001s", 0)]
    [InlineData(8, "5s:8,0s:0,5s:4", "4.99s", 8)]
    [InlineData(8, "5s:8,0s:0,5s:4", "5s", 0)]        // jumped to 0, then ramps up 0 -> 4
    [InlineData(8, "5s:8,0s:0,5s:4", "6.25s", 1)]
    [InlineData(8, "5s:8,0s:0,5s:4", "9.99s", 3)]
    [InlineData(8, "5s:8,0s:0,5s:4", "10s", 4)]
    // uneven ramps: 0 -> 3 over 10s starts VU u at 10u/3 s
    [InlineData(0, "10s:3", "3.33s", 0)]
    [InlineData(0, "10s:3", "3.34s", 1)]
    [InlineData(0, "10s:3", "6.66s", 1)]
    [InlineData(0, "10s:3", "6.67s", 2)]
    // ... and 3 -> 0 over 10s stops VU u when the line reaches u-1, at 10(4-u)/3 s
    [InlineData(3, "10s:0", "3.33s", 3)]
    [InlineData(3, "10s:0", "3.34s", 2)]
    [InlineData(3, "10s:0", "6.66s", 2)]
    [InlineData(3, "10s:0", "6.67s", 1)]
    public void Planned_vus_follows_the_line(int startVus, string stages, string at, int expected) =>
        Assert.Equal(expected, Ramp(startVus, stages).PlannedVusAt(D(at)));

    // ---- Steps ----------------------------------------------------------------------------------------------

    [Fact]
    public void Steps_of_a_0_to_20_to_0_ramp()
    {
        var steps = Ramp(0, "10s:20,10s:0").Steps().ToList();
        var expected = new List<(TimeSpan, int)> { (TimeSpan.Zero, 0) };
        for (var u = 1; u <= 20; u++) expected.Add((TimeSpan.FromMilliseconds(500 * u), u));          // VU u starts at u/2 s
        for (var k = 1; k <= 20; k++) expected.Add((TimeSpan.FromMilliseconds(10_000 + 500 * k), 20 - k)); // one stops every 0.5s
        Assert.Equal(expected, steps);
    }

    [Fact]
    public void Steps_with_jumps_ramps_down_and_a_flat_jump()
    {
        var steps = Ramp(2, "0s:5,4s:1,0s:1,2s:3").Steps().ToList();
        Assert.Equal(
        [
            (D("0s"), 2), (D("0s"), 5),                              // startVUs, then the jump
            (D("1s"), 4), (D("2s"), 3), (D("3s"), 2), (D("4s"), 1),  // 5 -> 1 over 4s
            (D("5s"), 2), (D("6s"), 3),                              // 1 -> 3 over 2s (the 0s stage 1 -> 1 changes nothing)
        ], steps);
    }

    [Fact]
    public void Steps_of_a_flat_plan_are_just_the_start()
    {
        Assert.Equal([(TimeSpan.Zero, 7)], Ramp(7, "10s:7,1m:7").Steps());
        Assert.Equal([(TimeSpan.Zero, 4)], Ramp(4, "").Steps());
    }

    [Theory]
    [InlineData(0, 20, 10, 0)]
    [InlineData(0, 3, 10, 0)]
    [InlineData(5, 12, 7, 3)]
    [InlineData(1, 100, 60, 30)]
    [InlineData(20, 0, 10, 10)]
    [InlineData(3, 0, 10, 0)]
    [InlineData(12, 5, 7, 2)]
    [InlineData(100, 1, 60, 30)]
    public void Steps_follow_the_semantics_formula(int from, int to, int durationSeconds, int startSeconds)
    {
        // A flat stage at `from` first, so the ramp stage starts at S = startSeconds.
        var stages = new List<Stage>();
        if (startSeconds > 0) stages.Add(new Stage(TimeSpan.FromSeconds(startSeconds), from));
        stages.Add(new Stage(TimeSpan.FromSeconds(durationSeconds), to));
        var c = new RampingVus { StartVus = from, Stages = stages };
        var steps = c.Steps().Skip(1).ToList();
        Assert.Equal(Math.Abs(to - from), steps.Count);
        double d = durationSeconds, e = startSeconds + durationSeconds;
        for (var i = 0; i < steps.Count; i++)
        {
            double expectedSeconds;
            int expectedVus;
            if (to > from)
            {
                var u = from + 1 + i;                       // VU u starts at E - D*(to-u)/(to-from)
                expectedSeconds = e - d * (to - u) / (to - from);
                expectedVus = u;
            }
            else
            {
                var u = from - i;                           // VU u stops when the line reaches u-1
                expectedSeconds = startSeconds + d * (from - (u - 1)) / (from - to);
                expectedVus = u - 1;
            }
            AssertClose(TimeSpan.FromTicks((long)Math.Round(expectedSeconds * TimeSpan.TicksPerSecond)), steps[i].At, 1, $"step {i}: ");
            Assert.Equal(expectedVus, steps[i].Vus);
        }
    }

    [Fact]
    public void Steps_and_planned_vus_agree_between_steps_for_random_plans()
    {
        var random = new Random(20240607);
        for (var n = 0; n < 300; n++)
        {
            var stageCount = random.Next(1, 5);
            var stages = Enumerable.Range(0, stageCount)
                .Select(_ => new Stage(TimeSpan.FromSeconds(random.Next(0, 4) == 0 ? 0 : random.Next(1, 11)), random.Next(0, 13)))
                .ToArray();
            var c = new RampingVus { StartVus = random.Next(0, 6), Stages = stages };
            var steps = c.Steps().ToList();
            var end = c.RegularDuration;
            Assert.Equal(TimeSpan.Zero, steps[0].At);
            for (var i = 1; i < steps.Count; i++) Assert.True(steps[i].At >= steps[i - 1].At, "steps are in time order");
            Assert.All(steps, s => Assert.True(s.At <= end));
            Assert.All(steps, s => Assert.InRange(s.Vus, 0, c.MaxVus));
            // Consecutive steps differ in count (every step is a change), except the first which is the start.
            for (var i = 2; i < steps.Count; i++) Assert.NotEqual(steps[i - 1].Vus, steps[i].Vus);

            // Between two distinct step times, the plan is the count of the last step at or before it.
            var times = steps.Select(s => s.At).Append(end).Distinct().ToList();
            for (var i = 0; i + 1 < times.Count; i++)
            {
                var mid = times[i] + (times[i + 1] - times[i]) / 2;
                if (mid == times[i]) continue;
                var expected = steps.Last(s => s.At <= mid).Vus;
                Assert.True(expected == c.PlannedVusAt(mid),
                    $"plan {c.StartVus}:{string.Join(",", stages)} at {mid}: steps say {expected}, PlannedVusAt says {c.PlannedVusAt(mid)}");
            }
            // At the end the count is the last stage's target, which is also the last step's count.
            Assert.Equal(steps[^1].Vus, c.PlannedVusAt(end));
        }
    }
}
