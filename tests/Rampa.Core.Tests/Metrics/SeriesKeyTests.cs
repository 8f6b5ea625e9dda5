using Rampa.Core.Metrics;

namespace Rampa.Core.Tests.Metrics;

public class SeriesKeyTests
{
    private static KeyValuePair<string, string> T(string k, string v) => new(k, v);

    [Fact]
    public void Canonical_form_without_tags_is_the_metric_name()
    {
        var key = new SeriesKey(BuiltinMetrics.HttpReqs, []);
        Assert.Equal("http_reqs", key.Canonical);
        Assert.Equal("http_reqs", key.ToString());
        Assert.Empty(key.Tags);
    }

    [Fact]
    public void Canonical_form_sorts_tags_by_name()
    {
        var key = new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("status", "200"), T("method", "GET"), T("name", "home")]);
        Assert.Equal("http_req_duration{method:GET,name:home,status:200}", key.Canonical);
        Assert.Equal(["method", "name", "status"], key.Tags.Select(t => t.Key));
    }

    [Fact]
    public void Tags_sort_ordinally()
    {
        var key = new SeriesKey(BuiltinMetrics.Checks, [T("b", "1"), T("a", "2"), T("B", "3"), T("_", "4")]);
        Assert.Equal("checks{B:3,_:4,a:2,b:1}", key.Canonical);
    }

    [Fact]
    public void Equality_and_hash_do_not_depend_on_tag_order()
    {
        var a = new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("method", "GET"), T("name", "home"), T("scenario", "s")]);
        var b = new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("scenario", "s"), T("name", "home"), T("method", "GET")]);
        Assert.Equal(a, b);
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        var dict = new Dictionary<SeriesKey, int> { [a] = 1 };
        Assert.Equal(1, dict[b]);
    }

    [Fact]
    public void Different_tags_values_or_metrics_are_different_keys()
    {
        var baseKey = new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("name", "home")]);
        Assert.NotEqual(baseKey, new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("name", "cart")]));
        Assert.NotEqual(baseKey, new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("label", "home")]));
        Assert.NotEqual(baseKey, new SeriesKey(BuiltinMetrics.HttpReqDuration, []));
        Assert.NotEqual(baseKey, new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("name", "home"), T("method", "GET")]));
        Assert.NotEqual(baseKey, new SeriesKey(BuiltinMetrics.HttpReqWaiting, [T("name", "home")]));
        // The same name with another type is another series.
        Assert.NotEqual(baseKey, new SeriesKey(new MetricDefinition("http_req_duration", MetricType.Counter), [T("name", "home")]));
        Assert.False(baseKey.Equals(null));
        Assert.False(baseKey.Equals("http_req_duration{name:home}"));
    }

    [Fact]
    public void Tag_lookup_and_filter_matching()
    {
        var key = new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("name", "home"), T("expected_response", "true"), T("status", "200")]);
        Assert.Equal("home", key.Tag("name"));
        Assert.Equal("200", key.Tag("status"));
        Assert.Null(key.Tag("method"));
        Assert.True(key.Matches(new Dictionary<string, string>()));
        Assert.True(key.Matches(new Dictionary<string, string> { ["name"] = "home" }));
        Assert.True(key.Matches(new Dictionary<string, string> { ["name"] = "home", ["status"] = "200" }));
        Assert.False(key.Matches(new Dictionary<string, string> { ["name"] = "cart" }));
        Assert.False(key.Matches(new Dictionary<string, string> { ["name"] = "home", ["method"] = "GET" }));
    }

    [Fact]
    public void Input_order_is_not_kept_in_the_key()
    {
        var tags = new List<KeyValuePair<string, string>> { T("z", "1"), T("a", "2") };
        var key = new SeriesKey(BuiltinMetrics.Iterations, tags);
        tags.Add(T("m", "3"));   // the key owns its own copy
        Assert.Equal("iterations{a:2,z:1}", key.Canonical);
        Assert.Equal(2, key.Tags.Count);
    }

    [Fact]
    public void Tag_values_with_separators_never_make_two_series_equal()
    {
        var one = new SeriesKey(BuiltinMetrics.HttpReqs, [T("name", "a,status:200")]);
        var two = new SeriesKey(BuiltinMetrics.HttpReqs, [T("name", "a"), T("status", "200")]);
        Assert.Equal(one.Canonical, two.Canonical); // the display form may look alike...
        Assert.NotEqual(one, two);                  // ...but they are different series
        var sink = new MetricSink();
        Assert.NotEqual(sink.Register(one), sink.Register(two));
    }
}
