using System.Text.Json.Nodes;
using Rampa.Core.Scenarios;
using Rampa.Core.Workloads.Http;
using static Rampa.Core.Tests.Support.ScenarioFiles;

namespace Rampa.Core.Tests;

/// <summary>The YAML forms of checks and captures, and their errors with file:line:col.</summary>
public class ChecksLoaderTests
{
    /// <summary>One request at line 3 with <paramref name="extra"/> (indented 4) after its request line.</summary>
    private static string File(string extra) =>
        "baseUrl: http://h.test\nflow:\n  - request: GET /\n" + string.Join("\n", extra.Split('\n').Select(l => "    " + l)) + "\n";

    private static RequestSpec Request(string extra) =>
        Assert.IsType<RequestStep>(Assert.IsType<HttpWorkload>(Load(File(extra)).Scenarios[0].Workload).Flow[0]).Request;

    private static string Names(RequestSpec r) => string.Join(" | ", r.Checks.Select(c => c.Name));

    [Fact]
    public void Mapping_form_with_every_kind_and_readable_names()
    {
        var r = Request("""
            checks:
              status: 200
              header: { Content-Type: { matches: json }, X-Id: true, X-Gone: false, X-Mode: fast }
              body: { contains: ok, matches: "id=\\d+", size: "> 10" }
              json:
                $.id: { exists: true }
                $.n: 7
                $.count: { ">": 5, "<=": 100 }
                $.name: { "!=": "", matches: "^a" }
                items[0].name: "x"
            """);
        Assert.Equal("status is 200 | header Content-Type matches json | header X-Id exists | header X-Gone is absent | header X-Mode == fast"
            + " | body contains ok | body matches id=\\d+ | body size > 10"
            + " | $.id exists | $.n == 7 | $.count > 5 | $.count <= 100 | $.name != \"\" | $.name matches ^a | items[0].name == \"x\"", Names(r));
        var count = Assert.IsType<JsonCheck>(r.Checks[10]);
        Assert.Equal(ValueTest.Compare, count.Test);
        Assert.Equal(CompareOp.Greater, count.Op);
        var n = Assert.IsType<JsonCheck>(r.Checks[9]);
        Assert.True(JsonNode.DeepEquals(JsonValue.Create(7), n.Expected));
        Assert.True(r.NeedsResponse);
    }

    [Fact]
    public void Short_forms()
    {
        var r = Request("""
            checks:
              header: [Content-Type, X-Id]
              body: hello
              json: [$.id, "items[0]"]
            """);
        Assert.Equal("header Content-Type exists | header X-Id exists | body contains hello | $.id exists | items[0] exists", Names(r));
        Assert.Equal("header Location exists", Names(Request("checks: { header: Location }")));
        Assert.Equal("$.id exists", Names(Request("checks: { json: $.id }")));
        Assert.Equal("body size == 0 | body contains a | body contains b", Names(Request("checks: { body: { size: 0, contains: [a, b] } }")));
        Assert.Equal("header X == 1 | header X contains 2 | header X exists", Names(Request("checks: { header: { X: { equals: 1, contains: 2, exists: true } } }")));
        Assert.Equal("$.a == 1 | $.b >= 2 | $.c < 3.5 | $.d contains z | $.e == null | $.f == [1,2]",
            Names(Request("checks: { json: { $.a: { equals: 1 }, $.b: { \">=\": 2 }, $.c: { \"<\": 3.5 }, $.d: { contains: z }, $.e: ~, $.f: [1, 2] } }")));
    }

    [Fact]
    public void List_form_with_explicit_names()
    {
        var r = Request("""
            checks:
              - status: "200-299"
              - { name: got an id, json: $.id }
              - name: json content
                header: { Content-Type: { contains: json } }
            """);
        Assert.Equal("status in 200-299 | got an id | json content", Names(r));
    }

    [Fact]
    public void Status_only_checks_keep_the_fast_path()
    {
        Assert.False(Request("checks: { status: 200 }").NeedsResponse);
        Assert.False(Request("name: x").NeedsResponse);
        Assert.True(Request("capture: { t: { header: X-Token } }").NeedsResponse);
    }

    [Fact]
    public void Captures_and_abort_iteration_on_fail()
    {
        var r = Request("""
            capture:
              id: { json: $.id }
              token: { header: X-Token }
              sid: { regex: "sid=(\\w+)" }
            abortIterationOnFail: true
            """);
        Assert.True(r.AbortIterationOnFail);
        Assert.Equal(["id", "token", "sid"], r.Captures.Select(c => c.Variable));
        Assert.Equal([CaptureSource.Json, CaptureSource.Header, CaptureSource.Regex], r.Captures.Select(c => c.Source));
        Assert.Equal("$.id", r.Captures[0].Path!.Text);
        Assert.Equal("X-Token", r.Captures[1].Header);
        Assert.Equal("sid=(\\w+)", r.Captures[2].Pattern!.ToString());
        Assert.Equal("capture id", r.Captures[0].CheckName);
        Assert.False(Request("name: x").AbortIterationOnFail);
    }

    [Fact]
    public void A_captured_variable_is_usable_in_a_later_url()
    {
        var plan = Load("""
            baseUrl: http://h.test
            flow:
              - request: POST /echo
                json: { n: 7 }
                capture: { n: { json: $.n } }
              - request: GET /items/{{n}}
            """);
        var second = Assert.IsType<RequestStep>(Assert.IsType<HttpWorkload>(plan.Scenarios[0].Workload).Flow[1]).Request;
        Assert.Equal(["n"], second.Url.VariableNames);
    }

    // ---- errors ------------------------------------------------------------------------------------------------

    private static void AssertErrors(string extra, params (string Location, string Key, string Message)[] expected)
    {
        var errors = Errors(File(extra));
        Assert.True(errors.Count == expected.Length, string.Join(Environment.NewLine, errors));
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Location, errors[i].Location.ToString());
            Assert.Equal(expected[i].Key, errors[i].Key);
            Assert.Contains(expected[i].Message, errors[i].Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_bad_check_is_reported_at_once()
    {
        AssertErrors("""
            checks:
              stauts: 200
              header: { "bad name": true, X: { like: a } }
              body: { matches: "(", size: "about 3", has: x }
              json:
                $..id: 1
                $.n: { ">": abc, "=>": 1 }
            """,
            ("test.yaml:5:7", "flow[0].checks.stauts", "unknown check 'stauts'"),
            ("test.yaml:6:17", "flow[0].checks.header.bad name", "'bad name' is not a valid header name"),
            ("test.yaml:6:40", "flow[0].checks.header.X.like", "unknown header condition 'like'"),
            ("test.yaml:7:24", "flow[0].checks.body.matches", "'(' is not a valid regular expression"),
            ("test.yaml:7:35", "flow[0].checks.body.size", "'about 3' is not a size in bytes"),
            ("test.yaml:7:46", "flow[0].checks.body.has", "unknown body condition 'has'"),
            ("test.yaml:9:9", "flow[0].checks.json.$..id", "bad JSON path '$..id': a property name is missing"),
            ("test.yaml:10:21", "flow[0].checks.json.$.n.>", "expected a number"),
            ("test.yaml:10:26", "flow[0].checks.json.$.n.=>", "unknown JSON condition '=>'"));
    }

    [Fact]
    public void Unknown_check_kind_suggests_the_close_one() =>
        AssertErrors("checks: { jsn: $.id }", ("test.yaml:4:15", "flow[0].checks.jsn", "did you mean 'json'"));

    [Fact]
    public void Bad_json_path_in_the_short_form() =>
        AssertErrors("checks: { json: [$.ok, \"$.items[x]\"] }", ("test.yaml:4:28", "flow[0].checks.json[1]", "is not an array index"));

    [Fact]
    public void A_named_item_holds_one_check()
    {
        AssertErrors("""
            checks:
              - { name: two, status: 200, json: $.id }
              - { name: none }
            """,
            ("test.yaml:5:11", "flow[0].checks[0].name", "'name' names one check, but this item holds 2"),
            ("test.yaml:6:9", "flow[0].checks[1]", "a check item needs one of"));
    }

    [Fact]
    public void Every_bad_capture_is_reported_at_once()
    {
        AssertErrors("""
            capture:
              1st: { json: $.id }
              vu: { header: X }
              a: { json: "$.[0" }
              b: { regex: "[" }
              c: { header: "no way" }
              d: { json: $.x, header: X }
              e: {}
              f: { xpath: //id }
              g: $.id
            abortIterationOnFail: yes
            """,
            ("test.yaml:5:7", "flow[0].capture.1st", "'1st' is not a usable variable name"),
            ("test.yaml:6:7", "flow[0].capture.vu", "'vu' is not a usable variable name"),
            ("test.yaml:7:18", "flow[0].capture.a.json", "bad JSON path"),
            ("test.yaml:8:19", "flow[0].capture.b.regex", "not a valid regular expression"),
            ("test.yaml:9:20", "flow[0].capture.c.header", "'no way' is not a valid header name"),
            ("test.yaml:10:10", "flow[0].capture.d", "not several"),
            ("test.yaml:11:10", "flow[0].capture.e", "a capture needs one source"),
            ("test.yaml:12:10", "flow[0].capture.f", "a capture needs one source"),
            ("test.yaml:12:12", "flow[0].capture.f.xpath", "unknown capture source 'xpath'"),
            ("test.yaml:13:10", "flow[0].capture.g", "expected a source"),
            ("test.yaml:14:27", "flow[0].abortIterationOnFail", "expected true or false"));
    }

    [Fact]
    public void Checks_on_weighted_requests()
    {
        var plan = Load("""
            baseUrl: http://h.test
            requests:
              - { request: GET /, checks: { json: { $.ok: true } }, capture: { ok: { json: $.ok } } }
            """);
        var r = Assert.IsType<HttpWorkload>(plan.Scenarios[0].Workload).Requests[0].Request;
        Assert.Equal("$.ok == true", Assert.Single(r.Checks).Name);
        Assert.Single(r.Captures);
    }
}
