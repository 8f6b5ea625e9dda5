using Rampa.Core.Metrics;
using Rampa.Core.Thresholds;

namespace Rampa.Core.Tests;

public class ThresholdParserTests
{
    public static TheoryData<string, ThresholdAggregation, double?, ThresholdOperator, double> Valid => new()
    {
        { "p(95)<300", ThresholdAggregation.Percentile, 95, ThresholdOperator.Less, 300 },
        { "p(99.9) <= 800", ThresholdAggregation.Percentile, 99.9, ThresholdOperator.LessOrEqual, 800 },
        { "  p ( 0 ) > 1 ", ThresholdAggregation.Percentile, 0, ThresholdOperator.Greater, 1 },
        { "p(100)>=0", ThresholdAggregation.Percentile, 100, ThresholdOperator.GreaterOrEqual, 0 },
        { "rate<0.01", ThresholdAggregation.Rate, null, ThresholdOperator.Less, 0.01 },
        { "rate>.99", ThresholdAggregation.Rate, null, ThresholdOperator.Greater, 0.99 },
        { "count==10", ThresholdAggregation.Count, null, ThresholdOperator.Equal, 10 },
        { "count===10", ThresholdAggregation.Count, null, ThresholdOperator.StrictEqual, 10 },
        { "value != -1", ThresholdAggregation.Value, null, ThresholdOperator.NotEqual, -1 },
        { "avg<2e2", ThresholdAggregation.Avg, null, ThresholdOperator.Less, 200 },
        { "min>+5", ThresholdAggregation.Min, null, ThresholdOperator.Greater, 5 },
        { "max<1.5E+3", ThresholdAggregation.Max, null, ThresholdOperator.Less, 1500 },
        { "med\t<\t150", ThresholdAggregation.Med, null, ThresholdOperator.Less, 150 },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parses_valid_expressions(string text, ThresholdAggregation aggregation, double? percentile, ThresholdOperator op, double value)
    {
        Assert.True(ThresholdParser.TryParse(text, out var e, out var error), error);
        Assert.Equal(aggregation, e.Aggregation);
        Assert.Equal(percentile, e.Percentile);
        Assert.Equal(op, e.Operator);
        Assert.Equal(value, e.Value, 9);
        Assert.Equal(text.Trim(), e.Source);
        Assert.False(e.AbortOnFail);
    }

    [Theory]
    [InlineData("", 0, "empty threshold expression")]
    [InlineData("   ", 3, "empty threshold expression")]
    [InlineData("<300", 0, "expected an aggregation (count, rate, value, avg, min, max, med or p(N)) at character 1, found '<300'")]
    [InlineData("p95<300", 0, "unknown aggregation 'p95' (write percentiles as p(95))")]
    [InlineData("P(95)<300", 0, "unknown aggregation 'P'")]
    [InlineData("AVG<3", 0, "unknown aggregation 'AVG' (names are lower case: 'avg')")]
    [InlineData("mean<3", 0, "unknown aggregation 'mean'; expected count, rate, value, avg, min, max, med or p(N)")]
    [InlineData("p(95<300", 4, "expected ')' at character 5 to close p(95")]
    [InlineData("p()<300", 2, "expected a percentile number at character 3")]
    [InlineData("p(-1)<300", 2, "expected a percentile number")]
    [InlineData("p(101)<300", 2, "percentile 101 is out of range: N in p(N) must be between 0 and 100")]
    [InlineData("p(100.5)<300", 2, "percentile 100.5 is out of range")]
    [InlineData("p 95<300", 2, "expected '(' after 'p'")]
    [InlineData("avg 300", 4, "expected an operator (>, >=, <, <=, ==, ===, !=) at character 5, found '300'")]
    [InlineData("avg", 3, "expected an operator (>, >=, <, <=, ==, ===, !=) at character 4, found the end of the expression")]
    [InlineData("avg=300", 3, "expected an operator")]
    [InlineData("avg=>300", 3, "expected an operator")]
    [InlineData("avg<", 4, "expected a number at character 5, found the end of the expression")]
    [InlineData("avg<<300", 4, "expected a number at character 5, found '<300'")]
    [InlineData("avg<abc", 4, "expected a number at character 5, found 'abc'")]
    [InlineData("avg<300ms", 7, "unexpected 'ms' at character 8 after the number")]
    [InlineData("avg<300 && max<1", 8, "unexpected '&& max<1'")]
    [InlineData("avg<1e999", 4, "expected a number")]
    public void Rejects_invalid_expressions_saying_where(string text, int index, string message)
    {
        Assert.False(ThresholdParser.TryParse(text, out var e, out var error, out var errorIndex));
        Assert.Null(e);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Equal(index, errorIndex);
    }

    [Theory]
    [InlineData("http_req_duration", "http_req_duration", "")]
    [InlineData(" checks ", "checks", "")]
    [InlineData("http_req_duration{name:home}", "http_req_duration", "name=home")]
    [InlineData("http_req_duration{name:home,method:GET}", "http_req_duration", "name=home;method=GET")]
    [InlineData("http_req_duration{ name : home , method:GET }", "http_req_duration", "name=home;method=GET")]
    [InlineData("http_req_duration{url:http://h.test:80/x}", "http_req_duration", "url=http://h.test:80/x")]
    [InlineData("http_req_duration{group:::login}", "http_req_duration", "group=::login")]
    public void Parses_keys_with_tag_filters(string key, string metric, string tags)
    {
        Assert.True(ThresholdParser.TryParseKey(key, out var m, out var t, out var error), error);
        Assert.Equal(metric, m);
        Assert.Equal(tags, string.Join(";", t.Select(kv => $"{kv.Key}={kv.Value}")));
    }

    [Theory]
    [InlineData("", "missing metric name")]
    [InlineData("{name:x}", "missing metric name")]
    [InlineData("http req", "is not a metric name")]
    [InlineData("9lives", "is not a metric name")]
    [InlineData("http_req_duration{name:home", "must end with '}'")]
    [InlineData("http_req_duration}", "'}' without '{'")]
    [InlineData("http_req_duration{}", "empty tag filter")]
    [InlineData("http_req_duration{name}", "tag filter item 'name' has no ':'")]
    [InlineData("http_req_duration{:home}", "has an empty tag name")]
    [InlineData("http_req_duration{name:}", "tag 'name' has an empty value")]
    [InlineData("http_req_duration{name:a,name:b}", "tag 'name' appears twice")]
    [InlineData("http_req_duration{a:{b}}", "nested braces")]
    public void Rejects_invalid_keys(string key, string message)
    {
        Assert.False(ThresholdParser.TryParseKey(key, out _, out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http_reqs", MetricType.Counter, "count,rate")]
    [InlineData("data_received", MetricType.Counter, "count,rate")]
    [InlineData("interrupted_iterations", MetricType.Counter, "count,rate")]
    [InlineData("vus_max", MetricType.Gauge, "value")]
    [InlineData("checks", MetricType.Rate, "rate")]
    [InlineData("http_req_failed", MetricType.Rate, "rate")]
    [InlineData("http_req_duration", MetricType.Trend, "avg,min,max,med,p")]
    [InlineData("iteration_response_time", MetricType.Trend, "avg,min,max,med,p")]
    [InlineData("group_duration", MetricType.Trend, "avg,min,max,med,p")]
    public void Builtin_metrics_allow_only_their_types_aggregations(string metric, MetricType type, string allowed)
    {
        Assert.True(BuiltinMetricTypes.TryGet(metric, out var t));
        Assert.Equal(type, t);
        var names = new Dictionary<ThresholdAggregation, string>
        {
            [ThresholdAggregation.Count] = "count", [ThresholdAggregation.Rate] = "rate", [ThresholdAggregation.Value] = "value",
            [ThresholdAggregation.Avg] = "avg", [ThresholdAggregation.Min] = "min", [ThresholdAggregation.Max] = "max",
            [ThresholdAggregation.Med] = "med", [ThresholdAggregation.Percentile] = "p",
        };
        var valid = Enum.GetValues<ThresholdAggregation>().Where(a => BuiltinMetricTypes.IsAggregationValid(t, a)).Select(a => names[a]);
        Assert.Equal(allowed, string.Join(",", valid));
    }

    [Fact]
    public void Builtin_table_has_every_metric_of_semantics_md()
    {
        Assert.Equal(21, BuiltinMetricTypes.Names.Count);
        Assert.False(BuiltinMetricTypes.TryGet("http_req_durations", out _));
        Assert.Equal(["http_req_duration"], BuiltinMetricTypes.CloseMatches("http_req_durations"));
        Assert.Equal(["vus"], BuiltinMetricTypes.CloseMatches("VUS"));
        Assert.Empty(BuiltinMetricTypes.CloseMatches("something_else_entirely"));
    }
}
