using Rampa.Core.Metrics;
using Rampa.Core.Reporting;
using static Rampa.Core.Tests.Reporting.ReportFixtures;

namespace Rampa.Core.Tests.Reporting;

public class SaturationJudgeTests
{
    private const long Start = 1_767_225_600;

    /// <summary>A run's merged metrics as the histogram grains build them: per silo, per second, through a MetricAggregator.</summary>
    private sealed class Run
    {
        private readonly MetricAggregator _agg = new();
        private readonly Dictionary<string, long> _seq = new();

        /// <summary>One second of one silo's generator gauges.</summary>
        public Run Second(string silo, int t, double cpu = 0.2, double queue = 0, double gcPause = 0, double alloc = 1e6, double interval = 1.0)
        {
            var s = new MetricSnapshot { IntervalUnixSecond = Start + t };
            KeyValuePair<string, string>[] tags = [T("silo", silo)];
            s.Set(new SeriesKey(BuiltinMetrics.GeneratorCpu, tags), Of(MetricType.Gauge, [cpu]));
            s.Set(new SeriesKey(BuiltinMetrics.GeneratorThreadPoolQueue, tags), Of(MetricType.Gauge, [queue]));
            s.Set(new SeriesKey(BuiltinMetrics.GeneratorGcPause, tags), Of(MetricType.Gauge, [gcPause]));
            s.Set(new SeriesKey(BuiltinMetrics.GeneratorAllocRate, tags), Of(MetricType.Gauge, [alloc]));
            s.Set(new SeriesKey(BuiltinMetrics.GeneratorFlushInterval, tags), Of(MetricType.Gauge, [interval]));
            return Apply(silo, s);
        }

        /// <summary>Totals of one scenario (microseconds for times), in one interval of silo "a".</summary>
        public Run Work(string scenario, long iterations, double iterationUs, long dropped = 0, double httpUs = 0, IEnumerable<double>? lagUs = null)
        {
            var s = new MetricSnapshot { IntervalUnixSecond = Start };
            KeyValuePair<string, string>[] tags = [T("scenario", scenario)];
            s.Set(new SeriesKey(BuiltinMetrics.Iterations, tags), Of(MetricType.Counter, [iterations]));
            s.Set(new SeriesKey(BuiltinMetrics.IterationDuration, tags), Of(MetricType.Trend, Enumerable.Repeat(iterationUs, 10)));
            if (dropped > 0) s.Set(new SeriesKey(BuiltinMetrics.DroppedIterations, tags), Of(MetricType.Counter, [dropped]));
            if (httpUs > 0) s.Set(new SeriesKey(BuiltinMetrics.HttpReqDuration, [.. tags, T("name", "home")]), Of(MetricType.Trend, Enumerable.Repeat(httpUs, 100)));
            if (lagUs is not null) s.Set(new SeriesKey(BuiltinMetrics.IterationStartLag, tags), Of(MetricType.Trend, lagUs));
            return Apply("a", s);
        }

        private Run Apply(string silo, MetricSnapshot s)
        {
            _seq[silo] = _seq.GetValueOrDefault(silo) + 1;
            Assert.True(_agg.Apply(silo, _seq[silo], s));
            return this;
        }

        public SaturationVerdict Judge(params ScenarioSummary[] scenarios)
        {
            var merged = _agg.Merged();
            return SaturationJudge.Judge(merged, merged.TimeSeries!, scenarios);
        }
    }

    private static ScenarioSummary Open(string name, int maxVus, double seconds = 10) =>
        new(name, "constant-arrival-rate", maxVus, 0, 0, TimeSpan.Zero, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(30));

    private static Run Seconds(string silo, params double[] cpu)
    {
        var run = new Run();
        for (var t = 0; t < cpu.Length; t++) run.Second(silo, t, cpu[t]);
        return run;
    }

    [Fact]
    public void A_light_run_is_not_saturated()
    {
        var run = Seconds("a", 0.2, 0.3, 0.25, 0.2)
            .Work("open", iterations: 1000, iterationUs: 2000, httpUs: 1500, lagUs: Enumerable.Repeat(300.0, 1000));
        var verdict = run.Judge(Open("open", maxVus: 50));
        Assert.False(verdict.Saturated);
        Assert.Empty(verdict.Evidence);
    }

    [Theory]
    // Pinned in half of the seconds or more, and at least 2 of them.
    [InlineData(new[] { 0.95, 0.97, 0.3, 0.2 }, true)]
    [InlineData(new[] { 0.90, 1.0, 1.0 }, true)]
    // One pinned second is a blip; pinned in fewer than half is not persistent.
    [InlineData(new[] { 1.0, 0.2 }, false)]
    [InlineData(new[] { 1.0, 1.0, 0.2, 0.2, 0.2 }, false)]
    [InlineData(new[] { 0.89, 0.89, 0.89 }, false)]
    public void Cpu_pinned_in_most_seconds_of_a_silo_is_saturation(double[] cpu, bool saturated)
    {
        var verdict = Seconds("a", cpu).Judge();
        Assert.Equal(saturated, verdict.Saturated);
        if (saturated) Assert.StartsWith("CPU pinned: silo a used 90% or more of its machine in", Assert.Single(verdict.Evidence));
    }

    [Fact]
    public void Each_silo_is_judged_on_its_own_seconds()
    {
        // Two silos at 50% each would be "100%" summed; each alone is fine. A third, pinned, is named.
        var run = new Run();
        for (var t = 0; t < 4; t++) run.Second("a", t, 0.5).Second("b", t, 0.5).Second("c", t, 0.99);
        var verdict = run.Judge();
        Assert.True(verdict.Saturated);
        Assert.Equal("CPU pinned: silo c used 90% or more of its machine in 4 of 4 seconds (peak 99%)", Assert.Single(verdict.Evidence));
    }

    [Theory]
    [InlineData(150_000.0, 200, true)]    // p(99) 150 ms over 200 starts
    [InlineData(45_000.0, 200, false)]    // under the 50 ms bound
    [InlineData(150_000.0, 50, false)]    // too few starts for a p(99)
    public void Late_starts_past_the_bound_are_saturation(double lateUs, int starts, bool saturated)
    {
        // 2% of the starts are late by lateUs, the rest start on time: p(99) is the late value.
        var lags = Enumerable.Range(0, starts).Select(i => i < starts / 50 ? lateUs : 200.0);
        var verdict = Seconds("a", 0.2, 0.2).Work("open", iterations: starts, iterationUs: 1000, httpUs: 800, lagUs: lags).Judge(Open("open", 100));
        Assert.Equal(saturated, verdict.Saturated);
        if (saturated) Assert.StartsWith("late starts: iteration_start_lag p(99) was 150ms (bound 50ms) over", Assert.Single(verdict.Evidence));
    }

    [Theory]
    [InlineData(2.1, true)]     // a once-a-second flush that came 2.1 s after the previous one: a tick missed
    [InlineData(1.6, false)]    // late, but no tick missed
    public void A_starved_flush_is_saturation(double interval, bool saturated)
    {
        var run = new Run().Second("a", 0).Second("a", 1).Second("a", 3, interval: interval).Second("b", 0).Second("b", 1);
        var verdict = run.Judge();
        Assert.Equal(saturated, verdict.Saturated);
        if (saturated)
            Assert.Equal("flushes starved: silo a went 2.1 s between its once-a-second metric flushes: the silo had no thread free for them",
                Assert.Single(verdict.Evidence));
    }

    [Theory]
    [InlineData(500.0, true)]          // a backed-up thread pool
    [InlineData(499.0, false)]
    public void A_thread_pool_queue_persistently_high_is_saturation(double queue, bool saturated)
    {
        var run = new Run();
        for (var t = 0; t < 3; t++) run.Second("a", t, queue: queue);
        var verdict = run.Judge();
        Assert.Equal(saturated, verdict.Saturated);
        if (saturated) Assert.StartsWith("thread pool backed up: silo a had 500 or more queued work items in 3 of 3 seconds", Assert.Single(verdict.Evidence));
    }

    [Fact]
    public void Gc_pauses_persistently_long_are_saturation()
    {
        var run = new Run();
        for (var t = 0; t < 3; t++) run.Second("a", t, gcPause: t == 0 ? 20 : 150);
        var verdict = run.Judge();
        Assert.True(verdict.Saturated);
        Assert.Equal("GC pauses: silo a paused 100 ms or more per second in 2 of 3 seconds (peak 150 ms)", Assert.Single(verdict.Evidence));
    }

    [Theory]
    // 10 s, 10,000 scheduled starts = 1,000/s; iterations take 2 ms: 2 VUs needed. maxVUs 100 would have done it.
    [InlineData(9000, 1000, 1500.0, 100, true)]
    // Too few VUs for the schedule (2 needed, 3 < 2 x 2): a configuration limit, not the generator.
    [InlineData(9000, 1000, 1500.0, 3, false)]
    // A slow target (p95 300 ms): the drops are the target's doing.
    [InlineData(9000, 1000, 300_000.0, 100_000, false)]
    // Under 1% dropped.
    [InlineData(9950, 50, 1500.0, 100, false)]
    public void Dropped_starts_while_the_target_was_fast_and_the_VUs_sufficed_are_saturation(long iterations, long dropped, double httpUs, int maxVus, bool saturated)
    {
        var verdict = Seconds("a", 0.3, 0.3).Work("open", iterations, iterationUs: 2000, dropped, httpUs).Judge(Open("open", maxVus));
        Assert.Equal(saturated, verdict.Saturated);
        if (saturated)
            Assert.Equal("dropped while the target was fast: scenario open dropped 1000 of 10000 starts (10%) while http_req_duration p(95) " +
                         "was 1.5ms and its 100 maxVUs were more than twice the 2 that speed needed", Assert.Single(verdict.Evidence));
    }

    [Fact]
    public void Drops_of_a_closed_executor_are_not_judged()
    {
        var closed = new ScenarioSummary("shared", "shared-iterations", 100, 0, 0, TimeSpan.Zero, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
        var verdict = Seconds("a", 0.3, 0.3).Work("shared", 100, iterationUs: 2000, dropped: 900, httpUs: 1500).Judge(closed);
        Assert.False(verdict.Saturated);
    }

    [Fact]
    public void Several_rules_give_several_lines_of_evidence()
    {
        var lags = Enumerable.Repeat(400_000.0, 300);
        var verdict = Seconds("a", 1.0, 1.0, 1.0).Work("open", 300, iterationUs: 2000, lagUs: lags).Judge(Open("open", 10));
        Assert.True(verdict.Saturated);
        Assert.Equal(2, verdict.Evidence.Count);
        Assert.StartsWith("CPU pinned", verdict.Evidence[0]);
        Assert.StartsWith("late starts", verdict.Evidence[1]);
    }

    [Theory]
    [InlineData(0, true, "inconclusive", 110)]
    [InlineData(0, false, "passed", 0)]
    [InlineData(99, true, "inconclusive", 99)]
    [InlineData(99, false, "failed", 99)]
    [InlineData(97, true, "failed", 97)]
    public void The_verdict_and_the_opt_in_exit_code(int exitCode, bool saturated, string verdict, int withFlag)
    {
        var report = Report(new()) with
        {
            ExitCode = exitCode,
            Saturation = saturated ? new SaturationVerdict(true, ["CPU pinned"]) : SaturationVerdict.NotSaturated,
        };
        Assert.Equal(verdict, report.Verdict);
        Assert.Equal(withFlag, report.ProcessExitCode(failOnSaturation: true));
        Assert.Equal(exitCode, report.ProcessExitCode(failOnSaturation: false));
    }
}
