using Rampa.Core.Scenarios;
using Rampa.Core.Workloads.Http;
using static Rampa.Core.Tests.Support.ScenarioFiles;

namespace Rampa.Core.Tests;

/// <summary>A request's own <c>tags</c> in YAML, and their errors with file:line:col.</summary>
public class RequestTagsLoaderTests
{
    [Fact]
    public void Tags_on_a_flow_step_and_on_a_weighted_request()
    {
        var flow = Assert.IsType<HttpWorkload>(Load("""
            baseUrl: http://h.test
            flow:
              - request: GET /
                tags: { team: web, kind: read, n: 3, on: true, empty: "" }
              - request: GET /b
            """).Scenarios[0].Workload).Flow;
        var tags = Assert.IsType<RequestStep>(flow[0]).Request.Tags;
        Assert.Equal(new Dictionary<string, string> { ["team"] = "web", ["kind"] = "read", ["n"] = "3", ["on"] = "true", ["empty"] = "" }, tags);
        Assert.Empty(Assert.IsType<RequestStep>(flow[1]).Request.Tags);

        var weighted = Assert.IsType<HttpWorkload>(Load("""
            baseUrl: http://h.test
            requests:
              - { request: GET /, weight: 2, tags: { kind: read } }
            """).Scenarios[0].Workload).Requests;
        Assert.Equal("read", weighted[0].Request.Tags["kind"]);
    }

    [Fact]
    public void System_tags_and_bad_values_are_errors()
    {
        var errors = Errors("""
            baseUrl: http://h.test
            flow:
              - request: GET /
                tags: { name: x, group: g, attempt: 1, ok: y, deep: { a: 1 }, list: [1] }
              - request: GET /b
                tags: [a]
            """);
        Assert.Equal(["test.yaml:4:13", "test.yaml:4:22", "test.yaml:4:32", "test.yaml:4:57", "test.yaml:4:73", "test.yaml:6:11"],
            errors.Select(e => e.Location.ToString()));
        Assert.Equal(["flow[0].tags.name", "flow[0].tags.group", "flow[0].tags.attempt", "flow[0].tags.deep", "flow[0].tags.list", "flow[1].tags"],
            errors.Select(e => e.Key));
        Assert.Contains("'name' is a system tag", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("'group' is a system tag", errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("expected a text value", errors[3].Message, StringComparison.Ordinal);
        Assert.Contains("a mapping of tag names to values", errors[5].Message, StringComparison.Ordinal);
    }
}
