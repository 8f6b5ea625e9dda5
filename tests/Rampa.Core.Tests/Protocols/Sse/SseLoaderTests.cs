using Rampa.Core.Protocols.Sse;
using Rampa.Core.Workloads.Http;
using static Rampa.Core.Tests.Support.ScenarioFiles;

namespace Rampa.Core.Tests.Protocols.Sse;

/// <summary>The <c>sse</c> flow step in YAML, and its errors with file:line:col.</summary>
public class SseLoaderTests
{
    private static IReadOnlyList<FlowStep> Flow(string flow) =>
        Assert.IsType<HttpWorkload>(Load("baseUrl: http://h.test\nflow:\n" + flow).Scenarios[0].Workload).Flow;

    private static void AssertErrors(string flow, params (string Location, string Key, string Message)[] expected)
    {
        var errors = Errors("baseUrl: http://h.test\nflow:\n" + flow);
        Assert.True(errors.Count == expected.Length, string.Join(Environment.NewLine, errors));
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Location, errors[i].Location.ToString());
            Assert.Equal(expected[i].Key, errors[i].Key);
            Assert.Contains(expected[i].Message, errors[i].Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_get_stream_with_a_count_and_its_defaults()
    {
        var step = Assert.IsType<SseStep>(Assert.Single(Flow("  - sse: /events?n={{vu}}\n    events: 5\n")));
        Assert.Equal("GET", step.Method);
        Assert.Equal("/events?n={{vu}}", step.Name);
        Assert.Equal("http://h.test/events?n=7", step.Url.Render(new Values(7)));
        Assert.Equal(5, step.Events);
        Assert.Null(step.Until);
        Assert.Equal(TimeSpan.FromSeconds(60), step.Timeout);
        Assert.Null(step.Body);
    }

    [Fact]
    public void A_post_stream_with_json_until_checks_and_a_group()
    {
        var flow = Flow("""
              - group: chat
                steps:
                  - sse: POST /v1/chat
                    name: completion
                    json: { prompt: hi, stream: true }
                    until: { event: done, data: { matches: "DONE" } }
                    timeout: 2s
                    tags: { model: small }
                    checks: { status: 200, json: $.token }
                    capture: { last: { json: $.token } }
                    abortIterationOnFail: true
            """);
        var step = Assert.IsType<SseStep>(Assert.Single(Assert.IsType<GroupStep>(Assert.Single(flow)).Steps));
        Assert.Equal("POST", step.Method);
        Assert.Equal("completion", step.Name);
        Assert.Equal("::chat", step.Group);
        Assert.Equal("small", step.Tags["model"]);
        Assert.Equal("application/json", step.ContentType);
        Assert.Equal("""{"prompt":"hi","stream":true}""", step.Body!.ConstantValue);
        Assert.Equal("done", step.Until!.Type);
        Assert.Matches(step.Until.DataMatches!, "[DONE]");
        Assert.Equal(TimeSpan.FromSeconds(2), step.Timeout);
        Assert.Equal(2, step.Checks.Count);
        Assert.Single(step.Captures);
        Assert.True(step.AbortIterationOnFail);
        Assert.True(step.KeepsData);
    }

    [Fact]
    public void A_flow_of_only_an_sse_step_is_a_flow()
    {
        var step = Assert.IsType<SseStep>(Assert.Single(Flow("  - sse: { method: post, url: /x }\n    body: hi\n    until: '[DONE]'\n")));
        Assert.Equal("POST", step.Method);
        Assert.Equal("[DONE]", step.Until!.DataContains);
        Assert.Equal("text/plain", step.ContentType);
    }

    [Fact]
    public void Bad_steps_are_reported_each_at_its_place()
    {
        AssertErrors("""
              - sse: DELETE /x
              - sse: /x
                events: 0
                until: { kind: done }
                bogus: 1
              - sse: GET /x
                body: hi
              - sse: ftp://x/y
              - sse: /x
                until: { data: { matches: "(" } }
                timeout: 0s
            """,
            ("test.yaml:3:10", "flow[0].sse", "an sse stream is opened with GET or POST, got 'DELETE'"),
            ("test.yaml:5:13", "flow[1].events", "must be from 1 to"),
            ("test.yaml:6:14", "flow[1].until.kind", "unknown condition 'kind'"),
            ("test.yaml:7:5", "flow[1].bogus", "unknown key 'bogus' in an sse step"),
            ("test.yaml:9:5", "flow[2].body", "a GET stream has no body"),
            ("test.yaml:10:10", "flow[3].sse", "the scheme 'ftp' is not supported"),
            ("test.yaml:12:31", "flow[4].until.data.matches", "is not a valid regular expression"),
            ("test.yaml:13:14", "flow[4].timeout", "must be greater than 0"));
    }

    [Fact]
    public void A_step_with_both_sse_and_request_is_refused()
    {
        AssertErrors("  - sse: /x\n    request: GET /\n",
            ("test.yaml:4:5", "flow[0].request", "a step is either a request or a 'sse' step"));
    }

    private sealed class Values(long vu) : Rampa.Core.Scenarios.ITemplateValues
    {
        public long Vu => vu;
        public long Iteration => 0;
        public string Scenario => "s";
        public string? GetVariable(string name) => null;
        public string? GetData(int source, int column) => null;
    }
}
