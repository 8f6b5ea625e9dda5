using Rampa.Core.Scenarios;
using Rampa.Core.Workloads.Http;
using static Rampa.Core.Tests.Support.ScenarioFiles;

namespace Rampa.Core.Tests;

/// <summary>The YAML forms of <c>retry</c> and <c>expectedStatuses</c> at each level, their precedence and their errors.</summary>
public class RetryLoaderTests
{
    private static IReadOnlyList<RequestSpec> Requests(TestPlan plan, string scenario) =>
        [.. Assert.IsType<HttpWorkload>(plan.Scenarios.Single(s => s.Name == scenario).Workload).Flow.OfType<RequestStep>().Select(r => r.Request)];

    private static RequestSpec Only(string yaml) => Requests(Load(yaml), "default")[0];

    [Fact]
    public void No_retry_unless_asked()
    {
        var r = Only("baseUrl: http://h.test\nflow:\n  - request: GET /\n");
        Assert.Null(r.Retry);
        Assert.Equal(StatusSet.Default, r.ExpectedStatuses);
    }

    [Fact]
    public void Full_mapping_form()
    {
        var r = Only("""
            baseUrl: http://h.test
            flow:
              - request: GET /
                retry:
                  attempts: 4
                  backoff: { base: 50ms, max: 1s, jitter: 0.25 }
                  on: [429, "502-504", 4xx, network]
            """);
        var p = Assert.IsType<RetryPolicy>(r.Retry);
        Assert.Equal(4, p.Attempts);
        Assert.Equal(TimeSpan.FromMilliseconds(50), p.Base);
        Assert.Equal(TimeSpan.FromSeconds(1), p.Max);
        Assert.Equal(0.25, p.Jitter);
        Assert.True(p.On.Network);
        Assert.Equal("429,502-504,400-499", p.On.Statuses.ToString());
        Assert.True(p.ShouldRetry(429, null));
        Assert.True(p.ShouldRetry(404, null));
        Assert.True(p.ShouldRetry(503, null));
        Assert.False(p.ShouldRetry(500, null));
        Assert.True(p.ShouldRetry(0, "connection refused"));
    }

    [Fact]
    public void Short_forms_and_defaults()
    {
        var three = Assert.IsType<RetryPolicy>(Only("baseUrl: http://h.test\nflow:\n  - { request: GET /, retry: 5 }\n").Retry);
        Assert.Equal(new RetryPolicy { Attempts = 5 }, three);
        Assert.Equal(RetryPolicy.DefaultBase, three.Base);
        Assert.Equal(RetryPolicy.DefaultMax, three.Max);
        Assert.Equal(RetryPolicy.DefaultJitter, three.Jitter);
        Assert.Equal(RetryOn.Default, three.On);
        Assert.Equal(new RetryPolicy(), Only("baseUrl: http://h.test\nflow:\n  - { request: GET /, retry: true }\n").Retry);
        Assert.Null(Only("baseUrl: http://h.test\nflow:\n  - { request: GET /, retry: false }\n").Retry);
        var single = Assert.IsType<RetryPolicy>(Only("baseUrl: http://h.test\nflow:\n  - { request: GET /, retry: { on: 5xx } }\n").Retry);
        Assert.False(single.On.Network);
        Assert.Equal("500-599", single.On.Statuses.ToString());
        Assert.Equal(RetryPolicy.DefaultAttempts, single.Attempts);
    }

    [Fact]
    public void Most_specific_level_wins_for_retry_and_expected_statuses()
    {
        var plan = Load("""
            baseUrl: http://h.test
            defaults:
              expectedStatuses: [200]
              retry: { attempts: 2 }
            scenarios:
              plain:
                executor: shared-iterations
                flow:
                  - request: GET /a
              own:
                executor: shared-iterations
                expectedStatuses: ["200-299", 404]
                retry: { attempts: 5, on: [network] }
                flow:
                  - request: GET /b
                  - request: GET /c
                    expectedStatuses: 410
                    retry: 7
                  - request: GET /d
                    retry: false
              off:
                executor: shared-iterations
                retry: false
                requests:
                  - request: GET /e
            """);
        var a = Requests(plan, "plain")[0];
        Assert.Equal("200", a.ExpectedStatuses!.ToString());
        Assert.Equal(2, a.Retry!.Attempts);
        Assert.Equal("200", plan.Defaults.ExpectedStatuses.ToString());

        var own = Requests(plan, "own");
        Assert.Equal("200-299,404", own[0].ExpectedStatuses!.ToString());
        Assert.Equal(5, own[0].Retry!.Attempts);
        Assert.Equal("network", own[0].Retry!.On.ToString());
        Assert.Equal("410", own[1].ExpectedStatuses!.ToString());
        Assert.Equal(new RetryPolicy { Attempts = 7 }, own[1].Retry);
        Assert.Equal("200-299,404", own[2].ExpectedStatuses!.ToString());
        Assert.Null(own[2].Retry);

        var off = Assert.IsType<HttpWorkload>(plan.Scenarios.Single(s => s.Name == "off").Workload).Requests[0].Request;
        Assert.Null(off.Retry);
        Assert.Equal("200", off.ExpectedStatuses!.ToString());
    }

    [Fact]
    public void Shortcut_form_takes_the_run_level_from_defaults()
    {
        var r = Only("""
            baseUrl: http://h.test
            defaults:
              retry: { attempts: 3, on: [5xx], backoff: { base: 10ms } }
            flow:
              - request: GET /
            """);
        var p = Assert.IsType<RetryPolicy>(r.Retry);
        Assert.Equal(3, p.Attempts);
        Assert.Equal(TimeSpan.FromMilliseconds(10), p.Base);
        Assert.Equal("500-599", p.On.ToString());
    }

    [Theory]
    [InlineData("retry: 0", "test.yaml:4:12: flow[0].retry: attempts must be at least 1 (the first try counts), got 0")]
    [InlineData("retry: { attempts: -2 }", "test.yaml:4:24: flow[0].retry.attempts: attempts must be at least 1 (the first try counts), got -2")]
    [InlineData("retry: { backoff: { base: -1s } }", "test.yaml:4:31: flow[0].retry.backoff.base: '-1s' is negative; a duration must be 0 or more")]
    [InlineData("retry: { backoff: { max: -5ms } }", "test.yaml:4:30: flow[0].retry.backoff.max: '-5ms' is negative; a duration must be 0 or more")]
    [InlineData("retry: { backoff: { jitter: 1.5 } }", "test.yaml:4:33: flow[0].retry.backoff.jitter: jitter must be between 0 and 1 (a fraction of the wait), got 1.5")]
    [InlineData("retry: { backoff: { jitter: -0.1 } }", "test.yaml:4:33: flow[0].retry.backoff.jitter: jitter must be between 0 and 1 (a fraction of the wait), got -0.1")]
    [InlineData("retry: { on: [5xx, timeout] }", "test.yaml:4:24: flow[0].retry.on[1]: unknown retry outcome 'timeout'; expected a status code (429), a range (\"500-599\"), a class (5xx) or network")]
    [InlineData("retry: { on: [6xx] }", "test.yaml:4:19: flow[0].retry.on[0]: unknown retry outcome '6xx'")]
    [InlineData("retry: { on: [] }", "test.yaml:4:18: flow[0].retry.on: expected at least one outcome")]
    [InlineData("retry: { attemps: 3 }", "test.yaml:4:14: flow[0].retry.attemps: unknown key 'attemps' in 'retry'")]
    [InlineData("retry: { backoff: { min: 1s } }", "test.yaml:4:25: flow[0].retry.backoff.min: unknown key 'min' in 'backoff'")]
    [InlineData("retry: [3]", "test.yaml:4:12: flow[0].retry: expected a retry policy")]
    public void Bad_values_are_reported_with_their_place(string line, string expected)
    {
        var error = SingleError($"baseUrl: http://h.test\nflow:\n  - request: GET /\n    {line}\n");
        Assert.StartsWith(expected, error.ToString());
    }

    [Fact]
    public void Errors_in_defaults_and_scenarios_are_reported_too()
    {
        var errors = Errors("""
            baseUrl: http://h.test
            defaults:
              retry: { attempts: 0 }
            scenarios:
              s:
                executor: shared-iterations
                expectedStatuses: [700]
                retry: { on: [nope] }
                flow:
                  - request: GET /
            """).Select(e => e.ToString()).ToList();
        Assert.Equal(3, errors.Count);
        Assert.StartsWith("test.yaml:3:22: defaults.retry.attempts: attempts must be at least 1", errors[0]);
        Assert.StartsWith("test.yaml:7:24: scenarios.s.expectedStatuses[0]: '700' is not a status code", errors[1]);
        Assert.StartsWith("test.yaml:8:19: scenarios.s.retry.on[0]: unknown retry outcome 'nope'", errors[2]);
    }
}
