using Rampa.Core.Protocols.Http;
using Rampa.Core.Scenarios;
using Rampa.Core.Workloads.Http;
using static Rampa.Core.Tests.Support.ScenarioFiles;

namespace Rampa.Core.Tests;

/// <summary><c>http:</c>, <c>connections:</c> and <c>insecureSkipTLSVerify</c>: levels, precedence and errors.</summary>
public class HttpVersionLoaderTests
{
    private static IReadOnlyList<RequestSpec> Requests(TestPlan plan, string scenario) =>
        [.. Assert.IsType<HttpWorkload>(plan.Scenarios.Single(s => s.Name == scenario).Workload).Flow.OfType<RequestStep>().Select(r => r.Request)];

    [Fact]
    public void Http11_per_vu_and_verified_unless_the_file_says_otherwise()
    {
        var plan = Load("baseUrl: http://h.test\nflow:\n  - request: GET /\n");
        var r = Requests(plan, "default")[0];
        Assert.Equal(HttpVersionChoice.Http11, r.Http);
        Assert.Equal(ConnectionSharing.PerVu, r.Connections);
        Assert.False(plan.InsecureSkipTlsVerify);
    }

    [Fact]
    public void The_request_wins_over_the_scenario_which_wins_over_defaults()
    {
        var plan = Load("""
            insecureSkipTLSVerify: true
            defaults: { http: h2c, connections: shared }
            scenarios:
              a:
                executor: shared-iterations
                flow:
                  - request: GET http://h.test/
                  - request: GET https://h.test/
                    http: 2
              b:
                executor: shared-iterations
                http: auto
                connections: per-vu
                flow:
                  - request: GET https://h.test/
                  - request: GET https://h.test/
                    http: 1.1
            """);
        Assert.True(plan.InsecureSkipTlsVerify);
        var a = Requests(plan, "a");
        Assert.Equal((HttpVersionChoice.H2c, ConnectionSharing.Shared), (a[0].Http, a[0].Connections));
        Assert.Equal((HttpVersionChoice.Http2, ConnectionSharing.Shared), (a[1].Http, a[1].Connections));
        var b = Requests(plan, "b");
        Assert.Equal((HttpVersionChoice.Auto, ConnectionSharing.PerVu), (b[0].Http, b[0].Connections));
        Assert.Equal(HttpVersionChoice.Http11, b[1].Http);
    }

    [Fact]
    public void Unknown_values_and_schemes_that_do_not_fit_are_errors_at_their_place()
    {
        var errors = Errors("""
            baseUrl: http://h.test
            defaults: { connections: pooled }
            flow:
              - request: GET /
                http: "3"
              - request: GET /
                http: 2
              - request: GET https://h.test/
                http: h2c
            """);
        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.Location.Line == 2 && e.Message.Contains("unknown connections 'pooled'"));
        Assert.Contains(errors, e => e.Location.Line == 5 && e.Location.Column == 11 && e.Message.Contains("unknown HTTP version '3'")
                                     && e.Message.Contains("1.1, 2, h2c, auto"));
        Assert.Contains(errors, e => e.Location.Line == 7 && e.Message.Contains("needs an https:// URL"));
        Assert.Contains(errors, e => e.Location.Line == 9 && e.Message.Contains("needs an http:// URL"));
    }

    [Fact]
    public void Proto_is_a_system_tag()
    {
        var e = SingleError("baseUrl: http://h.test\nflow:\n  - request: GET /\n    tags: { proto: x }\n");
        Assert.Contains("proto", e.Message);
    }
}
