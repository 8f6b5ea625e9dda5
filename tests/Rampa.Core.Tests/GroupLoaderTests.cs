using Rampa.Core.Scenarios;
using Rampa.Core.Workloads.Http;
using static Rampa.Core.Tests.Support.ScenarioFiles;

namespace Rampa.Core.Tests;

/// <summary>Groups of flow steps (<c>group:</c> with <c>steps:</c>) in YAML, and their errors with file:line:col.</summary>
public class GroupLoaderTests
{
    private static IReadOnlyList<FlowStep> Flow(string flow) =>
        Assert.IsType<HttpWorkload>(Load("baseUrl: http://h.test\nflow:\n" + flow).Scenarios[0].Workload).Flow;

    private static RequestSpec RequestOf(FlowStep step) => Assert.IsType<RequestStep>(step).Request;

    [Fact]
    public void A_group_holds_requests_and_think_steps_and_tags_them_with_its_path()
    {
        var flow = Flow("""
              - request: GET /
              - group: checkout
                steps:
                  - request: POST /echo
                  - think: 100ms
                  - request: GET /json
            """);
        Assert.Equal(2, flow.Count);
        Assert.Null(RequestOf(flow[0]).Group);
        var group = Assert.IsType<GroupStep>(flow[1]);
        Assert.Equal("checkout", group.Name);
        Assert.Equal("::checkout", group.Path);
        Assert.Equal(3, group.Steps.Count);
        Assert.Equal("::checkout", RequestOf(group.Steps[0]).Group);
        Assert.Equal(TimeSpan.FromMilliseconds(100), Assert.IsType<ThinkStep>(group.Steps[1]).Think.Min);
        Assert.Equal("::checkout", RequestOf(group.Steps[2]).Group);
    }

    [Fact]
    public void Nested_groups_join_their_names_as_k6_does()
    {
        var flow = Flow("""
              - group: checkout
                steps:
                  - request: GET /cart
                  - group: payment
                    steps:
                      - group: card
                        steps: [{ request: POST /pay }]
                  - request: GET /done
            """);
        var checkout = Assert.IsType<GroupStep>(Assert.Single(flow));
        Assert.Equal("::checkout", RequestOf(checkout.Steps[0]).Group);
        var payment = Assert.IsType<GroupStep>(checkout.Steps[1]);
        Assert.Equal("::checkout::payment", payment.Path);
        var card = Assert.IsType<GroupStep>(Assert.Single(payment.Steps));
        Assert.Equal("::checkout::payment::card", card.Path);
        Assert.Equal("::checkout::payment::card", RequestOf(Assert.Single(card.Steps)).Group);
        Assert.Equal("::checkout", RequestOf(checkout.Steps[2]).Group);
    }

    [Fact]
    public void A_flow_whose_only_requests_are_in_groups_is_valid()
    {
        var flow = Flow("""
              - think: 1s
              - group: only
                steps: [{ request: GET / }]
            """);
        Assert.IsType<GroupStep>(flow[1]);
    }

    [Fact]
    public void A_flow_with_only_a_group_of_think_steps_has_no_request()
    {
        var error = SingleError("baseUrl: http://h.test\nflow:\n  - group: idle\n    steps: [{ think: 1s }]\n");
        Assert.Equal("test.yaml:2:1", error.Location.ToString());
        Assert.Contains("at least one request step", error.Message, StringComparison.Ordinal);
    }

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
    public void A_group_without_steps()
    {
        AssertErrors("""
              - request: GET /
              - group: checkout
            """,
            ("test.yaml:4:5", "flow[1].steps", "a group needs 'steps:'"));
    }

    [Fact]
    public void A_group_with_empty_steps()
    {
        AssertErrors("""
              - request: GET /
              - group: checkout
                steps: []
            """,
            ("test.yaml:5:5", "flow[1].steps", "a group needs at least one step"));
    }

    [Fact]
    public void A_group_with_an_empty_or_bad_name()
    {
        AssertErrors("""
              - request: GET /
              - group: ""
                steps: [{ request: GET /a }]
              - group:
                steps: [{ request: GET /b }]
              - group: a::b
                steps: [{ request: GET /c }]
              - group: [x]
                steps: [{ request: GET /d }]
            """,
            ("test.yaml:4:12", "flow[1].group", "a group needs a name"),
            ("test.yaml:6:11", "flow[2].group", "a group needs a name"),
            ("test.yaml:8:12", "flow[3].group", "may not contain '::'"),
            ("test.yaml:10:12", "flow[4].group", "expected a group name"));
    }

    [Fact]
    public void Errors_inside_a_group_and_unknown_keys_on_it()
    {
        AssertErrors("""
              - request: GET /
              - group: checkout
                think: 1s
                steps:
                  - request: FETCH /a
                  - group: inner
                    steps:
                      - { request: GET /b, timeout: 0s }
            """,
            ("test.yaml:5:5", "flow[1].think", "unknown key 'think' in a group step"),
            ("test.yaml:7:18", "flow[1].steps[0].request", "unknown HTTP method 'FETCH'"),
            ("test.yaml:10:41", "flow[1].steps[1].steps[0].timeout", "must be greater than 0"));
    }

    [Fact]
    public void Groups_are_not_allowed_in_weighted_requests()
    {
        var errors = Errors("baseUrl: http://h.test\nrequests:\n  - group: g\n    steps: [{ request: GET / }]\n");
        Assert.Contains(errors, e => e.Message.Contains("missing 'request:'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Key == "requests[0].group" && e.Message.Contains("unknown key 'group'", StringComparison.Ordinal));
    }
}
