using Rampa.Core.Live;

namespace Rampa.Core.Tests.Live;

public class SaturationWatchTests
{
    private static LiveFrame Frame(long second, params LiveGenerator[] generators) => new()
    {
        RunId = "r", Second = second, Elapsed = second, Interval = LiveCounts.Zero, Totals = LiveCounts.Zero,
        Scenarios = [], Requests = [], Generators = generators,
    };

    private static LiveGenerator Silo(string silo, double? cpu = 0.1, double? queue = 0, double? gc = 0, double? flush = 1) =>
        new() { Silo = silo, Cpu = cpu, ThreadPoolQueue = queue, GcPauseMs = gc, FlushInterval = flush };

    [Theory]
    // cpu per second (one silo); the second (1-based) at which the watch warns, 0 for never
    [InlineData(new[] { 0.95, 0.95, 0.95, 0.95 }, 3)]
    [InlineData(new[] { 0.95, 0.95, 0.5, 0.95, 0.95 }, 4)]          // 3 of 4 seconds: persistent, as the end judge counts
    [InlineData(new[] { 0.5, 0.5, 0.5, 0.95, 0.5, 0.95, 0.95 }, 0)] // 3 of 7: not half
    [InlineData(new[] { 0.5, 0.9, 0.9, 0.9 }, 4)]                   // the bound itself counts
    [InlineData(new[] { 0.89, 0.89, 0.89, 0.89, 0.89 }, 0)]
    public void Cpu_warns_once_it_held_the_bound_in_three_seconds_and_half_of_those_seen(double[] cpu, int warnsAt)
    {
        var watch = new SaturationWatch();
        var warnedAt = 0;
        for (var i = 0; i < cpu.Length; i++)
        {
            var warnings = watch.Observe(Frame(i + 1, Silo("s1", cpu: cpu[i])));
            if (warnings.Count > 0)
            {
                Assert.Equal(0, warnedAt);                                   // once
                warnedAt = i + 1;
                var w = Assert.Single(warnings);
                Assert.StartsWith("generator saturated: CPU pinned: silo s1 has used 90% or more of its machine in 3 of ", w);
            }
        }
        Assert.Equal(warnsAt, warnedAt);
    }

    [Fact]
    public void Each_silo_and_rule_warns_on_its_own_once()
    {
        var watch = new SaturationWatch();
        var all = new List<string>();
        for (var s = 1; s <= 5; s++)
            all.AddRange(watch.Observe(Frame(s, Silo("a", cpu: 0.99, queue: 800), Silo("b", cpu: 0.2, flush: s == 2 ? 2.5 : 1))));
        Assert.Equal(3, all.Count);
        Assert.Contains(all, w => w.Contains("CPU pinned: silo a", StringComparison.Ordinal));
        Assert.Contains(all, w => w.Contains("thread pool backed up: silo a has had 500 or more queued work items", StringComparison.Ordinal));
        Assert.Contains(all, w => w.Contains("flushes starved: silo b went 2.5 s", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_gauges_are_not_high()
    {
        var watch = new SaturationWatch();
        for (var s = 1; s <= 5; s++)
            Assert.Empty(watch.Observe(Frame(s, Silo("a", cpu: null, queue: null, gc: null, flush: null))));
    }

    private static LiveFrame Starts(long second, double lagP99, long iterations) => Frame(second, Silo("s1")) with
    {
        Scenarios =
        [
            new LiveScenario
            {
                Scenario = "open", Interval = new LiveCounts { Iterations = iterations }, Totals = LiveCounts.Zero,
                StartLag = new LiveLatency { P50 = 1, P90 = 2, P95 = 3, P99 = lagP99, Max = lagP99, Mean = 1 },
            },
        ],
    };

    [Theory]
    [InlineData(new[] { 80.0, 80, 80 }, 100, 3)]
    [InlineData(new[] { 80.0, 80, 80 }, 5, 0)]                     // too few starts a second to judge
    [InlineData(new[] { 80.0, 40, 80, 80 }, 100, 4)]               // 3 of 4 seconds
    [InlineData(new[] { 80.0, 40, 40, 40, 40, 80, 80 }, 100, 0)]   // 3 of 7: under half

    [InlineData(new[] { 50.0, 50, 50 }, 100, 0)]                   // the bound is "above 50 ms"
    public void Late_starts_warn_once_they_held_in_three_seconds_and_half_of_those_seen(double[] lagP99, long iterationsPerSecond, int warnsAt)
    {
        var watch = new SaturationWatch();
        var warnedAt = 0;
        for (var i = 0; i < lagP99.Length; i++)
            if (watch.Observe(Starts(i + 1, lagP99[i], iterationsPerSecond)) is [var w])
            {
                warnedAt = i + 1;
                Assert.StartsWith("generator saturated: late starts: scenario open's iterations have started more than 50 ms late (iteration_start_lag p(99)) in 3 of ", w);
            }
        Assert.Equal(warnsAt, warnedAt);
    }
    [Fact]
    public void A_silo_whose_samples_stop_arriving_warns_after_three_frames_and_none_at_all_warns_too()
    {
        var watch = new SaturationWatch();
        Assert.Empty(watch.Observe(Frame(1, Silo("a"), Silo("b"))));
        Assert.Empty(watch.Observe(Frame(2, Silo("a"))));
        Assert.Empty(watch.Observe(Frame(3, Silo("a"))));
        var w = Assert.Single(watch.Observe(Frame(4, Silo("a"))));
        Assert.StartsWith("generator saturated: flushes late: silo b's once-a-second samples have not arrived for 3 s", w);
        Assert.Empty(watch.Observe(Frame(5, Silo("a"))));                              // once

        var starved = new SaturationWatch();                                         // not one sample from the start
        Assert.Empty(starved.Observe(Frame(1)));
        Assert.Empty(starved.Observe(Frame(2)));
        Assert.StartsWith("generator saturated: flushes late: no silo's once-a-second sample has arrived for 3 s", Assert.Single(starved.Observe(Frame(3))));

        var ending = new SaturationWatch();                                          // the final frame is not judged
        Assert.Empty(ending.Observe(Frame(1, Silo("a"))));
        Assert.Empty(ending.Observe(Frame(2)));
        Assert.Empty(ending.Observe(Frame(3)));
        Assert.Empty(ending.Observe(Frame(4) with { Final = true }));
    }
}
