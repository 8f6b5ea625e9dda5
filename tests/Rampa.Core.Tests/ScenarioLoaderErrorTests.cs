using Rampa.Core.Scenarios;
using static Rampa.Core.Tests.Support.ScenarioFiles;

namespace Rampa.Core.Tests;

/// <summary>Bad input: every case names file:line:col, the dotted key and what was expected.</summary>
public class ScenarioLoaderErrorTests
{
    private static void AssertError(ScenarioError error, string location, string key, string message)
    {
        Assert.Equal(location, error.Location.ToString());
        Assert.Equal(key, error.Key);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static void AssertOne(string yaml, string location, string key, string message, RunOverrides? overrides = null) =>
        AssertError(SingleError(yaml, overrides), location, key, message);

    private static string WithScenario(string options, string workload = "flow: [{ request: GET http://h.test/ }]") =>
        "scenarios:\n  s:\n" + string.Join("\n", (options + "\n" + workload).Split('\n').Select(l => "    " + l)) + "\n";

    [Fact]
    public void Yaml_that_does_not_parse_is_one_error_at_its_place()
    {
        AssertOne("scenarios:\n  s:\n    executor: constant-vus\n    duration: [1, 2\n",
            "test.yaml:5:1", "", "invalid YAML: while parsing a flow sequence, did not find expected ',' or ']'");
    }

    [Fact]
    public void Yaml_indentation_error()
    {
        AssertOne("scenarios:\n  s:\n    executor: constant-vus\n   duration: 5s\n", "test.yaml:4:4", "", "invalid YAML:");
    }

    [Fact]
    public void Yaml_duplicate_key()
    {
        AssertOne("name: a\nname: b\n", "test.yaml:2:1", "", "invalid YAML: duplicate key 'name'");
    }

    [Fact]
    public void Yaml_the_scanner_rejects_is_still_a_scenario_error()
    {
        AssertOne("a: [1, 2\nb: 3\n", "test.yaml:2:1", "", "invalid YAML:");
    }

    [Fact]
    public void Absurd_nesting_is_refused_before_it_can_overflow_the_stack()
    {
        var yaml = "flow: [{ request: POST http://h.test/, json: " + new string('[', 100_000) + new string(']', 100_000) + " }]";
        AssertOne(yaml, "test.yaml:1:243", "", "the YAML is nested more than 200 levels deep");
    }

    [Fact]
    public void Json_bodies_that_explode_through_aliases_are_refused()
    {
        var lines = new List<string> { "x0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]" };
        for (var i = 1; i <= 7; i++) lines.Add($"x{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]");
        var yaml = "flow:\n  - request: POST http://h.test/\n    json:\n" + string.Join("\n", lines.Select(l => "      " + l));
        var errors = Errors(yaml);
        AssertError(Assert.Single(errors), "test.yaml:4:7", "flow[0].json", "the json body expands to more than 1,000,000 values");
    }

    [Fact]
    public void Empty_file_and_wrong_root()
    {
        AssertOne("", "test.yaml:1:1", "", "the file is empty");
        AssertOne("# only a comment\n", "test.yaml:1:1", "", "the file is empty");
        AssertOne("- a\n- b\n", "test.yaml:1:1", "", "expected a mapping at the top of the file");
        AssertOne("name: x\n", "test.yaml:1:1", "scenarios", "missing 'scenarios'");
        AssertOne("a: 1\n---\nb: 2\n", "test.yaml:3:1", "", "one YAML document");
    }

    [Fact]
    public void Unknown_executor_lists_the_six()
    {
        AssertOne(WithScenario("executor: constant-vu"), "test.yaml:3:15", "scenarios.s.executor",
            "unknown executor 'constant-vu' (did you mean 'constant-vus'?); expected one of constant-vus, ramping-vus, " +
            "shared-iterations, per-vu-iterations, constant-arrival-rate, ramping-arrival-rate");
    }

    [Fact]
    public void Missing_executor()
    {
        AssertOne("scenarios:\n  s:\n    flow: [{ request: GET http://h.test/ }]\n", "test.yaml:2:3", "scenarios.s.executor", "missing 'executor'");
    }

    [Fact]
    public void Unknown_option_for_the_executor()
    {
        var errors = Errors(WithScenario("executor: constant-vus\nduration: 10s\nrate: 5\nvsu: 2\nfoo: 1"));
        Assert.Equal(3, errors.Count);
        AssertError(errors[0], "test.yaml:5:5", "scenarios.s.rate",
            "unknown option 'rate' for executor 'constant-vus' (it belongs to constant-arrival-rate); 'constant-vus' has vus, duration");
        AssertError(errors[1], "test.yaml:6:5", "scenarios.s.vsu", "unknown option 'vsu' for executor 'constant-vus'; did you mean 'vus'?");
        AssertError(errors[2], "test.yaml:7:5", "scenarios.s.foo", "unknown option 'foo' for executor 'constant-vus'");
    }

    [Fact]
    public void Arrival_is_only_for_arrival_rate_executors()
    {
        AssertOne(WithScenario("executor: constant-vus\nduration: 10s\narrival: poisson"), "test.yaml:5:5", "scenarios.s.arrival",
            "unknown option 'arrival' for executor 'constant-vus'");
    }

    [Theory]
    [InlineData("executor: constant-vus", "duration")]
    [InlineData("executor: ramping-vus", "stages")]
    [InlineData("executor: ramping-arrival-rate\nstages: [{ duration: 1s, target: 1 }]", "preAllocatedVUs")]
    public void Missing_required_option_is_reported_at_the_executor_key(string options, string option)
    {
        AssertOne(WithScenario(options), "test.yaml:3:5", $"scenarios.s.{option}", $"missing required option '{option}' for executor");
    }

    [Fact]
    public void Every_missing_required_option_is_reported()
    {
        var errors = Errors(WithScenario("executor: constant-arrival-rate"));
        Assert.Equal(["scenarios.s.rate", "scenarios.s.duration", "scenarios.s.preAllocatedVUs"], errors.Select(e => e.Key));
        Assert.All(errors, e => Assert.Equal("test.yaml:3:5", e.Location.ToString()));
    }

    [Fact]
    public void Negative_duration()
    {
        AssertOne(WithScenario("executor: constant-vus\nduration: -5s"), "test.yaml:4:15", "scenarios.s.duration",
            "'-5s' is negative; a duration must be 0 or more (e.g. 500ms, 30s, 5m, 1h, 1m30s)");
    }

    [Theory]
    [InlineData("abc", "'abc' is not a duration; expected e.g. 500ms, 30s, 5m, 1h, 1m30s")]
    [InlineData("30", "'30' has no unit; write e.g. 30s or 30ms")]
    [InlineData("5 minutes", "'5 minutes' is not a duration")]
    [InlineData("[1]", "expected a duration (e.g. 500ms, 30s, 5m, 1h, 1m30s), got a list")]
    public void Malformed_duration(string value, string message)
    {
        AssertOne(WithScenario($"executor: constant-vus\nduration: {value}"), "test.yaml:4:15", "scenarios.s.duration", message);
    }

    [Fact]
    public void Durations_below_the_executors_minimum()
    {
        AssertOne(WithScenario("executor: constant-vus\nduration: 500ms"), "test.yaml:4:5", "scenarios.s.duration", "must be at least 1s");
    }

    [Theory]
    [InlineData("abc", "expected an integer, got 'abc'")]
    [InlineData("1.5", "expected a whole number, got 1.5")]
    [InlineData("\"10\"", "expected an integer, got the text \"10\" (write it without quotes)")]
    [InlineData("99999999999", "99999999999 is out of range (at most 2147483647)")]
    public void Integers_must_be_integers(string value, string message)
    {
        AssertOne(WithScenario($"executor: constant-vus\nduration: 10s\nvus: {value}"), "test.yaml:5:10", "scenarios.s.vus", message);
    }

    [Fact]
    public void Validation_errors_are_at_the_option_key_or_at_the_executor_when_defaulted()
    {
        var errors = Errors(WithScenario("executor: shared-iterations\nvus: 10"));
        AssertError(Assert.Single(errors), "test.yaml:3:5", "scenarios.s.iterations", "must be at least vus (10); got 1 (it is not set, so its default applies)");
        AssertOne(WithScenario("executor: constant-arrival-rate\nrate: 1\nduration: 1s\npreAllocatedVUs: 10\nmaxVUs: 5"),
            "test.yaml:7:5", "scenarios.s.maxVUs", "must be at least preAllocatedVUs (10)");
        AssertOne(WithScenario("executor: ramping-vus\nstages:\n  - { duration: 1s, target: 1 }\n  - { duration: 1s, target: -2 }"),
            "test.yaml:6:25", "scenarios.s.stages[1].target", "must not be negative");
    }

    [Fact]
    public void Stages_need_both_fields()
    {
        AssertOne(WithScenario("executor: ramping-vus\nstages:\n  - { duration: 1s }"), "test.yaml:5:9", "scenarios.s.stages[0].target",
            "each stage needs 'duration' and 'target'; 'target' is missing");
    }

    [Fact]
    public void Invalid_urls()
    {
        var errors = Errors(WithScenario("executor: shared-iterations", """
            flow:
              - request: GET ftp://h.test/
              - request: GET items/1
              - request: GET http://
              - request: FETCH http://h.test/
              - request: /only-a-url
            """));
        Assert.Equal(5, errors.Count);
        AssertError(errors[0], "test.yaml:5:18", "scenarios.s.flow[0].request", "invalid URL 'ftp://h.test/': the scheme 'ftp' is not supported; use http or https");
        AssertError(errors[1], "test.yaml:6:18", "scenarios.s.flow[1].request", "invalid URL 'items/1': expected an absolute http:// or https:// URL, or a path starting with '/'");
        AssertError(errors[2], "test.yaml:7:18", "scenarios.s.flow[2].request", "invalid URL 'http://'");
        AssertError(errors[3], "test.yaml:8:18", "scenarios.s.flow[3].request", "unknown HTTP method 'FETCH'; expected one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
        AssertError(errors[4], "test.yaml:9:18", "scenarios.s.flow[4].request", "expected 'METHOD URL' (e.g. GET /only-a-url), got '/only-a-url'");
    }

    [Fact]
    public void Relative_url_without_base_url()
    {
        AssertOne(WithScenario("executor: shared-iterations", "flow: [{ request: GET /items }]"), "test.yaml:4:23", "scenarios.s.flow[0].request",
            "relative URL '/items' needs a 'baseUrl' at the top of the file");
    }

    [Fact]
    public void Invalid_base_url_is_reported_once_not_for_every_relative_url()
    {
        AssertOne("baseUrl: localhost:5080\n" + WithScenario("executor: shared-iterations", "flow: [{ request: GET /a }, { request: GET /b }]"),
            "test.yaml:1:10", "baseUrl", "'localhost:5080' is not an absolute URL; expected e.g. http://127.0.0.1:5080");
        AssertOne("baseUrl: http://h.test/?x=1\nflow: [{ request: GET /a }]", "test.yaml:1:10", "baseUrl", "a base URL has no query or fragment");
    }

    [Fact]
    public void Template_errors_are_at_their_node()
    {
        var errors = Errors("baseUrl: http://h.test\n" + WithScenario("executor: shared-iterations", """
            flow:
              - request: GET /{{env.MISSING}}
              - request: GET /{{vu
                headers: { X-A: "{{}}" }
            """));
        Assert.Equal(3, errors.Count);
        AssertError(errors[0], "test.yaml:6:18", "scenarios.s.flow[0].request", "environment variable 'MISSING' is not set (pass -e MISSING=VALUE)");
        AssertError(errors[1], "test.yaml:7:18", "scenarios.s.flow[1].request", "unclosed '{{'");
        AssertError(errors[2], "test.yaml:8:25", "scenarios.s.flow[1].headers.X-A", "empty variable");
    }

    [Fact]
    public void Threshold_that_does_not_parse_points_inside_the_string()
    {
        AssertOne("flow: [{ request: GET http://h.test/ }]\nthresholds:\n  http_req_duration: [\"p(95)<<300\"]",
            "test.yaml:3:30", "thresholds.http_req_duration[0]", "invalid threshold 'p(95)<<300': expected a number at character 7, found '<300'");
    }

    [Fact]
    public void Threshold_errors()
    {
        var errors = Errors("""
            flow: [{ request: GET http://h.test/ }]
            thresholds:
              http_req_duration: ["rate<1", p(101)<1]
              http_req_faild: ["rate<0.01"]
              "checks{a}": ["rate>0"]
              vus: [{ threshold: "value>", abortOnFail: maybe }]
              iterations: "count>1"
              data_sent: [{ abortOnFail: true }]
            """);
        Assert.Equal(8, errors.Count);
        AssertError(errors[0], "test.yaml:3:23", "thresholds.http_req_duration[0]", "'rate' does not apply to http_req_duration, a Trend metric; use avg, min, med, max or p(N)");
        AssertError(errors[1], "test.yaml:3:35", "thresholds.http_req_duration[1]", "percentile 101 is out of range");
        AssertError(errors[2], "test.yaml:4:3", "thresholds.http_req_faild", "unknown metric 'http_req_faild'; did you mean 'http_req_failed'?");
        AssertError(errors[3], "test.yaml:5:3", "thresholds.checks{a}", "invalid threshold key 'checks{a}': tag filter item 'a' has no ':'");
        AssertError(errors[4], "test.yaml:6:29", "thresholds.vus[0].threshold", "expected a number at character 7, found the end of the expression");
        AssertError(errors[5], "test.yaml:6:45", "thresholds.vus[0].abortOnFail", "expected true or false, got 'maybe'");
        AssertError(errors[6], "test.yaml:7:15", "thresholds.iterations", "expected a list of threshold expressions");
        AssertError(errors[7], "test.yaml:8:15", "thresholds.data_sent[0].threshold", "missing 'threshold:'");
    }

    [Fact]
    public void Threshold_key_and_null_item_errors_keep_their_place()
    {
        var errors = Errors("""
            flow: [{ request: GET http://h.test/ }]
            thresholds:
              "http_req_duration{name:'home'": ["max<1"]
              "http_req_duration{name:a, name:'b'}": ["max<1"]
              http_req_failed: [{ threshold: null, delayAbortEval: null }, { threshold: "rate<1", delayAbortEval: soon }]
            """);
        Assert.Equal(4, errors.Count);
        AssertError(errors[0], "test.yaml:3:3", "thresholds.http_req_duration{name:'home'", "the tag filter must end with '}'");
        AssertError(errors[1], "test.yaml:4:3", "thresholds.http_req_duration{name:a, name:'b'}", "tag 'name' is given twice with different values ('a' and 'b')");
        AssertError(errors[2], "test.yaml:5:34", "thresholds.http_req_failed[0].threshold", "expected a threshold expression");
        AssertError(errors[3], "test.yaml:5:103", "thresholds.http_req_failed[1].delayAbortEval", "soon");
    }

    [Fact]
    public void Bad_scenario_names()
    {
        var errors = Errors("""
            scenarios:
              bad name:
                executor: shared-iterations
                flow: [{ request: GET http://h.test/ }]
              "x.y":
                executor: shared-iterations
                flow: [{ request: GET http://h.test/ }]
            """);
        Assert.Equal(2, errors.Count);
        AssertError(errors[0], "test.yaml:2:3", "scenarios.bad name", "invalid scenario name 'bad name': use only letters, digits, '_' and '-'");
        AssertError(errors[1], "test.yaml:5:3", "scenarios.x.y", "invalid scenario name 'x.y'");
    }

    [Fact]
    public void Unknown_keys_at_every_level()
    {
        var errors = Errors("""
            baseURL: http://h.test
            defaults: { timeout: 1s, retries: 3 }
            scenarios:
              s:
                executor: shared-iterations
                flow:
                  - request: { method: GET, url: "http://h.test/", query: x }
                    nmae: home
                    checks: { cookie: x }
                  - think: 1s
                    name: pause
            """);
        Assert.Equal(["baseURL", "defaults.retries", "scenarios.s.flow[0].request.query", "scenarios.s.flow[0].nmae",
            "scenarios.s.flow[0].checks.cookie", "scenarios.s.flow[1].name"], errors.Select(e => e.Key));
        AssertError(errors[0], "test.yaml:1:1", "baseURL", "unknown top-level key 'baseURL'; did you mean 'baseUrl'?");
        AssertError(errors[3], "test.yaml:8:9", "scenarios.s.flow[0].nmae", "unknown key 'nmae' in a request; did you mean 'name'?");
        AssertError(errors[4], "test.yaml:9:19", "scenarios.s.flow[0].checks.cookie", "unknown check 'cookie' (known checks: status, header, body, json)");
    }

    [Fact]
    public void Workload_errors()
    {
        var errors = Errors("""
            scenarios:
              both:
                executor: shared-iterations
                flow: [{ request: GET http://h.test/ }]
                requests: [{ request: GET http://h.test/ }]
              none:
                executor: shared-iterations
              empty:
                executor: shared-iterations
                flow: []
              thinking:
                executor: shared-iterations
                flow: [{ think: 1s }]
              weights:
                executor: shared-iterations
                requests: [{ weight: 0, request: GET http://h.test/ }, { weight: abc, request: GET http://h.test/ }]
            """);
        Assert.Equal(6, errors.Count);
        AssertError(errors[0], "test.yaml:5:5", "scenarios.both.requests", "use either 'flow'");
        AssertError(errors[1], "test.yaml:6:3", "scenarios.none", "missing 'flow'");
        AssertError(errors[2], "test.yaml:10:5", "scenarios.empty.flow", "a flow needs at least one step");
        AssertError(errors[3], "test.yaml:13:5", "scenarios.thinking.flow", "a flow needs at least one request step");
        AssertError(errors[4], "test.yaml:16:26", "scenarios.weights.requests[0].weight", "must be greater than 0, got 0");
        AssertError(errors[5], "test.yaml:16:70", "scenarios.weights.requests[1].weight", "expected a number, got 'abc'");
    }

    [Fact]
    public void Step_errors()
    {
        var errors = Errors(WithScenario("executor: shared-iterations", """
            flow:
              - request: GET http://h.test/
                think: 1s
              - name: nothing
              - request: POST http://h.test/
                body: x
                json: { a: 1 }
              - request: GET http://h.test/
                checks: { status: abc }
                headers: { "bad header": x }
                timeout: 0s
                expectedStatuses: [700]
                body: { a: 1 }
              - think: 300ms..100ms
            """));
        Assert.Equal(["scenarios.s.flow[0].request", "scenarios.s.flow[1]", "scenarios.s.flow[2].json", "scenarios.s.flow[3].checks.status",
            "scenarios.s.flow[3].headers.bad header", "scenarios.s.flow[3].timeout", "scenarios.s.flow[3].expectedStatuses[0]",
            "scenarios.s.flow[3].body", "scenarios.s.flow[4].think"], errors.Select(e => e.Key));
        Assert.Contains("a step is either a request or a think step", errors[0].Message);
        Assert.Contains("a step needs 'request:'", errors[1].Message);
        Assert.Contains("either 'body:' (text) or 'json:'", errors[2].Message);
        Assert.Equal("'abc' is not a status code or range (e.g. 200 or \"200-299\"; codes 100-599)", errors[3].Message);
        Assert.Contains("not a valid header name", errors[4].Message);
        Assert.Equal("must be greater than 0", errors[5].Message);
        Assert.Contains("'700' is not a status code", errors[6].Message);
        Assert.Contains("use 'json:' instead", errors[7].Message);
        Assert.Equal("think time range '300ms..100ms' has its minimum above its maximum; write it as min..max", errors[8].Message);
    }

    [Fact]
    public void Shortcut_conflicts_and_shortcuts_beside_scenarios()
    {
        AssertOne("flow: [{ request: GET http://h.test/ }]\nstages: [{ duration: 1s, target: 1 }]\nduration: 5s",
            "test.yaml:2:1", "stages", "'stages' and 'duration' cannot be used together");
        var errors = Errors("vus: 3\nflow: [{ request: GET http://h.test/ }]\n" + WithScenario("executor: shared-iterations"));
        Assert.Equal(["vus", "flow"], errors.Select(e => e.Key));
        Assert.Contains("'vus' is a shortcut option for files without 'scenarios'", errors[0].Message);
        Assert.Contains("a top-level 'flow' is for files without 'scenarios'", errors[1].Message);
    }

    [Fact]
    public void Overrides_with_scenarios_are_errors_naming_the_option_at_the_scenarios_key()
    {
        var errors = Errors("name: x\n" + WithScenario("executor: shared-iterations"),
            new RunOverrides { Vus = 2, Iterations = 5 });
        Assert.Equal(2, errors.Count);
        AssertError(errors[0], "test.yaml:2:1", "--vus", "--vus applies only to a file without 'scenarios'");
        AssertError(errors[1], "test.yaml:2:1", "--iterations", "--iterations applies only to a file without 'scenarios'");
    }

    [Fact]
    public void Invalid_override_values_name_the_option()
    {
        AssertOne("flow: [{ request: GET http://h.test/ }]\nduration: 10s", "test.yaml:1:1", "--vus", "must be greater than 0",
            new RunOverrides { Vus = 0 });
        AssertOne("flow: [{ request: GET /x }]", "test.yaml:1:1", "--base-url", "the scheme 'ftp' is not supported",
            new RunOverrides { BaseUrl = new Uri("ftp://h.test/") });
    }

    [Fact]
    public void Several_errors_at_once_in_file_order()
    {
        var errors = Errors("""
            seed: x
            baseUrl: http://h.test
            scenarios:
              a:
                executor: constant-vus
                vus: 0
                duration: 10
                flow: [{ request: GET /x }]
              b:
                executor: ramping-arrival-rate
                preAllocatedVUs: 1
                stages: [{ duration: 1s, target: 1 }]
                requests: [{ request: GET /y, weight: -1 }]
            thresholds:
              http_req_duration: ["p95<300"]
            summaryTrendStats: [avg, count]
            """);
        Assert.Equal(["test.yaml:1:7", "test.yaml:6:5", "test.yaml:7:15", "test.yaml:13:43", "test.yaml:15:24", "test.yaml:16:26"],
            errors.Select(e => e.Location.ToString()));
        Assert.Equal(["seed", "scenarios.a.vus", "scenarios.a.duration", "scenarios.b.requests[0].weight",
            "thresholds.http_req_duration[0]", "summaryTrendStats[1]"], errors.Select(e => e.Key));
        Assert.Contains("unknown aggregation 'p95' (write percentiles as p(95))", errors[4].Message);
        // The exception's message lists them all, one per line, as file:line:col: key: message.
        var ex = Assert.Throws<ScenarioLoadException>(() => Load("seed: x\nflow: []"));
        Assert.Equal(
            "test.yaml:1:7: seed: expected an integer, got 'x'" + Environment.NewLine + "test.yaml:2:1: flow: a flow needs at least one step",
            ex.Message);
    }
}
