using Rampa.Core.Metrics;
using Rampa.Core.Thresholds;
using static Rampa.Core.Tests.Reporting.ReportFixtures;

namespace Rampa.Core.Tests.Reporting;

public class ThresholdEvaluatorTests
{
    private static readonly Dictionary<string, string> Home = new() { ["name"] = "home" };

    private static ThresholdResult One(string metric, ThresholdExpression expr, IReadOnlyDictionary<string, string>? filter = null) =>
        ThresholdEvaluator.Evaluate(Spec(metric, filter, expr), expr, SampleMetrics(), Duration);

    [Theory]
    // Counter: count is the sum, rate is per second of the run (600 over 60s).
    [InlineData("http_reqs", ThresholdAggregation.Count, ThresholdOperator.GreaterOrEqual, 600, 600, true)]
    [InlineData("http_reqs", ThresholdAggregation.Count, ThresholdOperator.Greater, 600, 600, false)]
    [InlineData("http_reqs", ThresholdAggregation.Rate, ThresholdOperator.Less, 10, 10, false)]
    [InlineData("http_reqs", ThresholdAggregation.Rate, ThresholdOperator.LessOrEqual, 10, 10, true)]
    [InlineData("iterations", ThresholdAggregation.Count, ThresholdOperator.Equal, 120, 120, true)]
    [InlineData("iterations", ThresholdAggregation.Rate, ThresholdOperator.Equal, 2, 2, true)]
    [InlineData("data_received", ThresholdAggregation.Count, ThresholdOperator.Less, 1_000_000, 1_500_000, false)]
    // Gauge: the value.
    [InlineData("vus", ThresholdAggregation.Value, ThresholdOperator.Equal, 12, 12, true)]
    [InlineData("vus", ThresholdAggregation.Value, ThresholdOperator.Greater, 12, 12, false)]
    // Rate: the share of non-zero samples.
    [InlineData("http_req_failed", ThresholdAggregation.Rate, ThresholdOperator.Less, 0.1, 0.25, false)]
    [InlineData("http_req_failed", ThresholdAggregation.Rate, ThresholdOperator.LessOrEqual, 0.25, 0.25, true)]
    [InlineData("checks", ThresholdAggregation.Rate, ThresholdOperator.Greater, 0.7, 0.75, true)]
    // Trend without a unit: raw values (1..100).
    [InlineData("custom_score", ThresholdAggregation.Avg, ThresholdOperator.Equal, 50.5, 50.5, true)]
    [InlineData("custom_score", ThresholdAggregation.Max, ThresholdOperator.Less, 100, 100, false)]
    [InlineData("custom_score", ThresholdAggregation.Min, ThresholdOperator.Equal, 1, 1, true)]
    [InlineData("custom_score", ThresholdAggregation.Med, ThresholdOperator.Equal, 50, 50, true)]
    public void Each_type_and_aggregation(string metric, ThresholdAggregation aggregation, ThresholdOperator op, double value, double observed, bool passed)
    {
        var result = One(metric, Expr($"{aggregation}{op}{value}", aggregation, op, value));
        Assert.Equal(observed, result.Observed!.Value, 9);
        Assert.Equal(passed, result.Passed);
        Assert.False(result.NoData);
    }

    [Theory]
    // Trend times are stored in microseconds and compared in milliseconds. {name:home}: 100..2000us in steps of 100.
    [InlineData(ThresholdAggregation.Avg, null, 1.05)]
    [InlineData(ThresholdAggregation.Min, null, 0.1)]
    [InlineData(ThresholdAggregation.Max, null, 2)]
    [InlineData(ThresholdAggregation.Med, null, 1)]
    [InlineData(ThresholdAggregation.Percentile, 90.0, 1.8)]
    [InlineData(ThresholdAggregation.Percentile, 95.0, 1.9)]
    [InlineData(ThresholdAggregation.Percentile, 99.0, 2)]
    [InlineData(ThresholdAggregation.Percentile, 0.0, 0.1)]
    [InlineData(ThresholdAggregation.Percentile, 100.0, 2)]
    public void Trend_times_compare_in_milliseconds(ThresholdAggregation aggregation, double? percentile, double ms)
    {
        var at = One("http_req_duration", Expr("x==", aggregation, ThresholdOperator.Equal, ms, percentile), Home);
        Assert.Equal(ms, at.Observed);
        Assert.True(at.Passed);
        Assert.False(One("http_req_duration", Expr("x<", aggregation, ThresholdOperator.Less, ms, percentile), Home).Passed);
        Assert.True(One("http_req_duration", Expr("x<=", aggregation, ThresholdOperator.LessOrEqual, ms, percentile), Home).Passed);
        // A value in microseconds would be 1000 times too big: p(95)<1000 must pass on milliseconds.
        Assert.True(One("http_req_duration", Expr("x<1000", aggregation, ThresholdOperator.Less, 1000, percentile), Home).Passed);
    }

    [Fact]
    public void Without_a_filter_all_series_of_the_metric_count()
    {
        // home 100..2000us (20) + cart 5000us (4): max 5ms, avg (21000 + 20000)/24 us.
        var max = One("http_req_duration", Expr("max<5", ThresholdAggregation.Max, ThresholdOperator.Less, 5));
        Assert.Equal(5, max.Observed);
        Assert.False(max.Passed);
        var avg = One("http_req_duration", Expr("avg<2", ThresholdAggregation.Avg, ThresholdOperator.Less, 2));
        Assert.Equal(41_000.0 / 24 / 1000, avg.Observed!.Value, 12);
        Assert.True(avg.Passed);
        var count = One("http_reqs", Expr("count==400", ThresholdAggregation.Count, ThresholdOperator.Equal, 400),
            new Dictionary<string, string> { ["method"] = "GET" });
        Assert.True(count.Passed);
        Assert.Equal("http_reqs{method:GET}", count.Key);
    }

    [Fact]
    public void Sub_metric_filters_by_tags()
    {
        var cart = new Dictionary<string, string> { ["name"] = "cart" };
        var result = One("http_req_duration", Expr("p(95)<5", ThresholdAggregation.Percentile, ThresholdOperator.Less, 5, 95), cart);
        Assert.Equal(5, result.Observed);
        Assert.False(result.Passed);
        var checks = One("checks", Expr("rate==1", ThresholdAggregation.Rate, ThresholdOperator.Equal, 1),
            new Dictionary<string, string> { ["check"] = "status is 200" });
        Assert.True(checks.Passed);
        var failing = One("checks", Expr("rate>0", ThresholdAggregation.Rate, ThresholdOperator.Greater, 0),
            new Dictionary<string, string> { ["check"] = "body has id" });
        Assert.Equal(0, failing.Observed);
        Assert.False(failing.Passed);
    }

    [Fact]
    public void No_samples_is_no_data_and_passes()
    {
        var missing = One("http_req_blocked", Expr("p(95)<1", ThresholdAggregation.Percentile, ThresholdOperator.Less, 1, 95));
        Assert.Null(missing.Observed);
        Assert.True(missing.NoData);
        Assert.True(missing.Passed);
        var filtered = One("http_req_duration", Expr("p(95)<1", ThresholdAggregation.Percentile, ThresholdOperator.Less, 1, 95),
            new Dictionary<string, string> { ["name"] = "nowhere" });
        Assert.True(filtered.NoData);
        Assert.True(filtered.Passed);

        var empty = new MetricSnapshot();
        empty.Set(new SeriesKey(BuiltinMetrics.Iterations, []), new SeriesAccumulator(MetricType.Counter));
        var expr = Expr("count>0", ThresholdAggregation.Count, ThresholdOperator.Greater, 0);
        var result = ThresholdEvaluator.Evaluate(Spec("iterations", null, expr), expr, empty, Duration);
        Assert.True(result.NoData);
        Assert.True(result.Passed);
    }

    [Fact]
    public void Evaluates_every_expression_of_every_spec_in_order_and_keeps_its_source_and_abort_flag()
    {
        var specs = new[]
        {
            Spec("http_req_duration", null,
                Expr("p(95)<300", ThresholdAggregation.Percentile, ThresholdOperator.Less, 300, 95),
                Expr("avg<0.5", ThresholdAggregation.Avg, ThresholdOperator.Less, 0.5, abortOnFail: true)),
            Spec("http_req_failed", null, Expr("rate<0.01", ThresholdAggregation.Rate, ThresholdOperator.Less, 0.01)),
            Spec("http_req_duration", Home, Expr("max<=2", ThresholdAggregation.Max, ThresholdOperator.LessOrEqual, 2)),
        };
        var results = ThresholdEvaluator.Evaluate(specs, SampleMetrics(), Duration);
        Assert.Equal(["http_req_duration", "http_req_duration", "http_req_failed", "http_req_duration{name:home}"], results.Select(r => r.Key));
        Assert.Equal(["p(95)<300", "avg<0.5", "rate<0.01", "max<=2"], results.Select(r => r.Expression));
        Assert.Equal([true, false, false, true], results.Select(r => r.Passed));
        Assert.Equal([false, true, false, false], results.Select(r => r.AbortOnFail));
    }

    [Fact]
    public void Counter_rate_of_a_zero_length_run_is_zero()
    {
        var expr = Expr("rate==0", ThresholdAggregation.Rate, ThresholdOperator.Equal, 0);
        var result = ThresholdEvaluator.Evaluate(Spec("http_reqs", null, expr), expr, SampleMetrics(), TimeSpan.Zero);
        Assert.Equal(0, result.Observed);
        Assert.True(result.Passed);
    }

    [Theory]
    [InlineData(ThresholdOperator.Greater, 1, 2, false)]
    [InlineData(ThresholdOperator.Greater, 2, 2, false)]
    [InlineData(ThresholdOperator.Greater, 3, 2, true)]
    [InlineData(ThresholdOperator.GreaterOrEqual, 2, 2, true)]
    [InlineData(ThresholdOperator.GreaterOrEqual, 1.999, 2, false)]
    [InlineData(ThresholdOperator.Less, 1, 2, true)]
    [InlineData(ThresholdOperator.Less, 2, 2, false)]
    [InlineData(ThresholdOperator.LessOrEqual, 2, 2, true)]
    [InlineData(ThresholdOperator.LessOrEqual, 2.001, 2, false)]
    [InlineData(ThresholdOperator.Equal, 2, 2, true)]
    [InlineData(ThresholdOperator.Equal, 2.5, 2, false)]
    [InlineData(ThresholdOperator.StrictEqual, 2, 2, true)]
    [InlineData(ThresholdOperator.StrictEqual, 3, 2, false)]
    [InlineData(ThresholdOperator.NotEqual, 3, 2, true)]
    [InlineData(ThresholdOperator.NotEqual, 2, 2, false)]
    public void Operators(ThresholdOperator op, double observed, double value, bool expected) =>
        Assert.Equal(expected, ThresholdEvaluator.Compare(observed, op, value));

    [Fact]
    public void Observe_reads_the_aggregation_of_an_accumulator()
    {
        var trend = Of(MetricType.Trend, [1000, 3000]);
        Assert.Equal(2, ThresholdEvaluator.Observe(trend, MetricUnit.Time, Expr("avg", ThresholdAggregation.Avg, ThresholdOperator.Less, 0), Duration));
        Assert.Equal(2000, ThresholdEvaluator.Observe(trend, MetricUnit.None, Expr("avg", ThresholdAggregation.Avg, ThresholdOperator.Less, 0), Duration));
        var counter = Of(MetricType.Counter, [30, 30]);
        Assert.Equal(1, ThresholdEvaluator.Observe(counter, MetricUnit.None, Expr("rate", ThresholdAggregation.Rate, ThresholdOperator.Less, 0), Duration));
        Assert.Equal(60, ThresholdEvaluator.Observe(counter, MetricUnit.None, Expr("count", ThresholdAggregation.Count, ThresholdOperator.Less, 0), Duration));
    }
}
