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
    // Quotes around tag names and values are stripped, as k6 does (issue: 'home' matched no series).
    [InlineData("http_req_duration{name:'home'}", "http_req_duration", "name=home")]
    [InlineData("http_req_duration{name:\"home\"}", "http_req_duration", "name=home")]
    [InlineData("http_req_duration{'name':'home', \"method\" : \"GET\"}", "http_req_duration", "name=home;method=GET")]
    [InlineData("http_req_duration{name:'home\"}", "http_req_duration", "name=home")]
    [InlineData("http_req_duration{name:home,name:'home'}", "http_req_duration", "name=home")]
    // k6 issue 2512: a URL-like value may hold '{', '}' and '$'; the filter starts at the first '{' and ends with the key.
    [InlineData("http_req_duration{name:http://${}.com}", "http_req_duration", "name=http://${}.com")]
    [InlineData("http_req_duration{a:{b}}", "http_req_duration", "a={b}")]
    public void Parses_keys_with_tag_filters(string key, string metric, string tags)
    {
        Assert.True(ThresholdParser.TryParseKey(key, out var m, out var t, out var error), error);
        Assert.Equal(metric, m);
        Assert.Equal(tags, string.Join(";", t.Select(kv => $"{kv.Key}={kv.Value}")));
    }

    /// <summary>
    /// k6's own cases, as rows: grafana/k6 metrics/metric_test.go, TestParseMetricName (metric name expressions) and
    /// TestAddSubmetric (the tag filter inside the braces, here wrapped in <c>metric{...}</c>). A null metric means k6
    /// rejects the expression. Tags are written <c>k=v;...</c>, in the order given.
    /// </summary>
    public static TheoryData<string, string, string?, string> K6Cases => new()
    {
        // TestParseMetricName
        { "metric name without tags", "test_metric", "test_metric", "" },
        { "metric name with single tag", "test_metric{abc:123}", "test_metric", "abc=123" },
        { "metric name with multiple tags", "test_metric{abc:123,easyas:doremi}", "test_metric", "abc=123;easyas=doremi" },
        { "metric name with multiple spaced tags", "test_metric{abc:123, easyas:doremi}", "test_metric", "abc=123;easyas=doremi" },
        { "metric name with group tag", "test_metric{group:::mygroup}", "test_metric", "group=::mygroup" },
        { "repeated curly braces tokens in tags definition", "http_req_duration{name:http://${}.com}", "http_req_duration", "name=http://${}.com" },
        { "repeated curly braces and colon tokens in tags definition", "http_req_duration{name:http://${}.com,url:ssh://github.com:grafana/k6}",
            "http_req_duration", "name=http://${}.com;url=ssh://github.com:grafana/k6" },
        { "tag definition missing `:value`", "test_metric{easyas}", null, "" },
        { "tag definition missing value", "test_metric{easyas:}", null, "" },
        { "mixed valid and invalid tag definitions", "test_metric{abc:123,easyas:}", null, "" },
        { "unmatched opening tags definition token", "test_metric{abc:123,easyas:doremi", null, "" },
        { "unmatched closing tags definition token", "test_metricabc:123,easyas:doremi}", null, "" },
        { "invalid starting tags definition token", "test_metric}abc:123,easyas:doremi}", null, "" },
        { "invalid curly braces in tags definition", "test_metric}abc{bar", null, "" },
        { "trailing characters after closing curly brace", "test_metric{foo:ba}r", null, "" },
        // TestAddSubmetric (its "a" and "a,b" rows pass AddSubmetric only; ParseMetricName, which k6 runs first, rejects them)
        { "AddSubmetric ''", "metric{}", null, "" },
        { "AddSubmetric '  '", "metric{  }", null, "" },
        { "AddSubmetric 'a:1'", "metric{a:1}", "metric", "a=1" },
        { "AddSubmetric ' a : 1 '", "metric{ a : 1 }", "metric", "a=1" },
        { "AddSubmetric ` a:\"\",b: ''`", "metric{ a:\"\",b: ''}", "metric", "a=;b=" },
        { "AddSubmetric 'a:1,b:2'", "metric{a:1,b:2}", "metric", "a=1;b=2" },
        { "AddSubmetric ' a : 1, b : 2 '", "metric{ a : 1, b : 2 }", "metric", "a=1;b=2" },
        { "AddSubmetric `a : '1' , b : \"2\"`", "metric{a : '1' , b : \"2\"}", "metric", "a=1;b=2" },
        { "AddSubmetric `\" a\" : ' 1' , b : \"2 \" `", "metric{\" a\" : ' 1' , b : \"2 \" }", "metric", " a= 1;b=2 " },
    };

    [Theory]
    [MemberData(nameof(K6Cases))]
    public void Agrees_with_k6_on_its_own_test_cases(string k6Case, string key, string? metric, string tags)
    {
        var ok = ThresholdParser.TryParseKey(key, out var m, out var t, out var error);
        Assert.True(ok == (metric is not null), $"{k6Case}: {key} -> {(ok ? "accepted" : error)}");
        if (metric is null) return;
        Assert.Equal(metric, m);
        Assert.Equal(tags, string.Join(";", t.Select(kv => $"{kv.Key}={kv.Value}")));
    }

    [Theory]
    [InlineData("", "missing metric name")]
    [InlineData("{name:x}", "missing metric name")]
    [InlineData("http req", "is not a metric name")]
    [InlineData("9lives", "is not a metric name")]
    [InlineData("http_req_duration{name:home", "must end with '}'")]
    [InlineData("http_req_duration{name:home}x", "must end with '}'")]
    [InlineData("http_req_duration}", "'}' without '{'")]
    [InlineData("http_req_duration{}", "empty tag filter")]
    [InlineData("http_req_duration{name}", "tag filter item 'name' has no ':'")]
    [InlineData("http_req_duration{name:home,}", "tag filter item '' has no ':'")]
    [InlineData("http_req_duration{:home}", "has an empty tag name")]
    [InlineData("http_req_duration{'':home}", "has an empty tag name")]
    [InlineData("http_req_duration{name:}", "tag 'name' has no value after ':'")]
    [InlineData("http_req_duration{name:a,name:b}", "tag 'name' is given twice with different values ('a' and 'b')")]
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
        Assert.Equal(22 + Rampa.Core.Protocols.ProtocolCatalog.Metrics.Count, BuiltinMetricTypes.Names.Count); // and each protocol's
        Assert.False(BuiltinMetricTypes.TryGet("http_req_durations", out _));
        Assert.Equal(["http_req_duration"], BuiltinMetricTypes.CloseMatches("http_req_durations"));
        Assert.Equal(["vus"], BuiltinMetricTypes.CloseMatches("VUS"));
        Assert.Empty(BuiltinMetricTypes.CloseMatches("something_else_entirely"));
    }
}
