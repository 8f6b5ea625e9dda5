using Rampa.Core.Metrics;
using Rampa.Core.Thresholds;

namespace Rampa.Core.Tests.Thresholds;

/// <summary>The live threshold evaluation the orchestrator runs every 2 s (docs/semantics.md#when-thresholds-are-evaluated).</summary>
public sealed class ThresholdMonitorTests
{
    private static KeyValuePair<string, string> T(string k, string v) => new(k, v);

    private static SeriesAccumulator Of(MetricType type, IEnumerable<double> values)
    {
        var acc = new SeriesAccumulator(type);
        foreach (var v in values) acc.Add(v);
        return acc;
    }

    private static ThresholdSpec Spec(string key, string expression, bool abortOnFail = false, TimeSpan delay = default)
    {
        Assert.True(ThresholdParser.TryParseKey(key, out var metric, out var tags, out var keyError), keyError);
        Assert.True(ThresholdParser.TryParse(expression, out var expr, out var error), error);
        return new ThresholdSpec
        {
            Key = key,
            Metric = metric,
            TagFilter = tags,
            Expressions = [expr with { AbortOnFail = abortOnFail, DelayAbortEval = delay }],
        };
    }

    /// <summary>100 requests, all failed; 10 s of http_req_duration 100..1000 ms; vus 5; 50 iterations.</summary>
    private static MetricSnapshot Snapshot()
    {
        var s = new MetricSnapshot();
        s.Set(new SeriesKey(BuiltinMetrics.HttpReqFailed, [T("name", "home")]), Of(MetricType.Rate, Enumerable.Repeat(1.0, 100)));
        s.Set(new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("name", "home")]),
            Of(MetricType.Trend, Enumerable.Range(1, 10).Select(i => i * 100_000.0)));
        s.Set(new SeriesKey(BuiltinMetrics.Vus, []), Of(MetricType.Gauge, [2, 5]));
        s.Set(new SeriesKey(BuiltinMetrics.Iterations, [T("scenario", "s")]), Of(MetricType.Counter, Enumerable.Repeat(1.0, 50)));
        return s;
    }

    [Theory]
    // Counter: count is the total; rate is per second of the elapsed run time at that moment (50 in 10 s = 5/s).
    [InlineData("iterations", "count==50", 10, 50, true)]
    [InlineData("iterations", "rate<4", 10, 5, false)]
    [InlineData("iterations", "rate<4", 25, 2, true)]
    // Gauge: the current value.
    [InlineData("vus", "value<=5", 10, 5, true)]
    [InlineData("vus", "value<5", 10, 5, false)]
    // Rate: the share of non-zero samples.
    [InlineData("http_req_failed", "rate<0.1", 10, 1, false)]
    [InlineData("http_req_failed{name:home}", "rate>0.5", 10, 1, true)]
    // Trend: milliseconds.
    [InlineData("http_req_duration", "avg<600", 10, 550, true)]
    [InlineData("http_req_duration", "min>=100", 10, 100, true)]
    [InlineData("http_req_duration", "max<1000", 10, 1000, false)]
    public void Evaluates_each_metric_type_on_the_totals_so_far(string key, string expression, int elapsedSeconds, double observed, bool passed)
    {
        var check = ThresholdMonitor.Check([Spec(key, expression)], Snapshot(), TimeSpan.FromSeconds(elapsedSeconds));
        var result = Assert.Single(check.Results);
        Assert.Equal(observed, result.Observed!.Value, 3);
        Assert.Equal(passed, result.Passed);
        Assert.Equal(passed ? 0 : 1, check.Failing);
        Assert.Null(check.Abort);
    }

    [Fact]
    public void Trend_percentile_is_in_milliseconds()
    {
        var check = ThresholdMonitor.Check([Spec("http_req_duration", "p(95)<900")], Snapshot(), TimeSpan.FromSeconds(10));
        var result = Assert.Single(check.Results);
        Assert.InRange(result.Observed!.Value, 900, 1010);
        Assert.False(result.Passed);
    }

    [Fact]
    public void Series_with_no_samples_are_skipped_and_never_abort()
    {
        var specs = new[]
        {
            Spec("http_req_failed{name:nowhere}", "rate<0.1", abortOnFail: true),
            Spec("checks", "rate>0.99", abortOnFail: true),
            Spec("http_req_duration{name:nowhere}", "p(95)<1", abortOnFail: true),
        };
        var check = ThresholdMonitor.Check(specs, Snapshot(), TimeSpan.FromSeconds(30));
        Assert.All(check.Results, r => { Assert.True(r.NoData); Assert.True(r.Passed); });
        Assert.Equal(0, check.Failing);
        Assert.Equal(0, check.Evaluated);
        Assert.Null(check.Abort);

        // An empty snapshot (the first seconds of a run) judges nothing either.
        var empty = ThresholdMonitor.Check(specs, new MetricSnapshot(), TimeSpan.FromSeconds(2));
        Assert.Equal(0, empty.Failing);
        Assert.Null(empty.Abort);
    }

    [Fact]
    public void DelayAbortEval_is_respected_from_the_run_start()
    {
        var spec = Spec("http_req_failed", "rate<0.1", abortOnFail: true, delay: TimeSpan.FromSeconds(10));
        var early = ThresholdMonitor.Check([spec], Snapshot(), TimeSpan.FromSeconds(9.9));
        Assert.Equal(1, early.Failing);
        Assert.Null(early.Abort);

        var due = ThresholdMonitor.Check([spec], Snapshot(), TimeSpan.FromSeconds(10));
        Assert.NotNull(due.Abort);
        Assert.Equal("http_req_failed", due.Abort.Key);
        Assert.Equal("rate<0.1", due.Abort.Expression);
        Assert.Equal("threshold 'http_req_failed: rate<0.1' crossed (abortOnFail)", ThresholdCheck.StopReason(due.Abort));
    }

    [Fact]
    public void Only_a_failing_abortOnFail_threshold_aborts()
    {
        var passingAbort = Spec("http_req_failed", "rate>0.5", abortOnFail: true);
        var failingNoAbort = Spec("http_req_duration", "p(95)<1");
        var check = ThresholdMonitor.Check([passingAbort, failingNoAbort], Snapshot(), TimeSpan.FromSeconds(5));
        Assert.Equal(1, check.Failing);
        Assert.Null(check.Abort);

        var failingAbort = Spec("vus", "value<1", abortOnFail: true);
        var second = ThresholdMonitor.Check([passingAbort, failingNoAbort, failingAbort], Snapshot(), TimeSpan.FromSeconds(5));
        Assert.Equal(2, second.Failing);
        Assert.Equal("vus", second.Abort?.Key);
    }

    [Fact]
    public void Zero_delay_aborts_at_the_first_evaluation_and_a_negative_elapsed_counts_as_zero()
    {
        var spec = Spec("http_req_failed", "rate<0.1", abortOnFail: true);
        Assert.NotNull(ThresholdMonitor.Check([spec], Snapshot(), TimeSpan.Zero).Abort);
        Assert.NotNull(ThresholdMonitor.Check([spec], Snapshot(), TimeSpan.FromSeconds(-1)).Abort);
        Assert.Equal(TimeSpan.FromSeconds(2), ThresholdMonitor.Interval);
    }
}
