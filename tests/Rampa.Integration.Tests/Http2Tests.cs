using System.Text.Json;
using Rampa.DemoTarget;

namespace Rampa.Integration.Tests;

/// <summary>
/// HTTP/2 end to end with the real CLI against the demo target's HTTPS (self-signed certificate, ALPN) and h2c ports:
/// exact counts the server also sees, the <c>proto</c> tag, TLS timings, certificate verification, C# and bad input.
/// </summary>
[Collection("cli")]
public sealed class Http2Tests : TargetTest
{
    public override async Task InitializeAsync() => Target = await DemoTargetServer.StartAsync(httpsPort: 0, h2cPort: 0);

    /// <summary>The series of <paramref name="metric"/> named <paramref name="name"/>: their tags and raw values.</summary>
    private static List<(Dictionary<string, string> Tags, JsonElement Raw)> Series(JsonDocument summary, string metric, string name) =>
        summary.Metric(metric).GetProperty("series").EnumerateArray()
            .Select(s => (Tags: s.GetProperty("tags").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!), Raw: s.GetProperty("raw")))
            .Where(s => s.Tags.GetValueOrDefault("name") == name)
            .ToList();

    private static double Count(JsonDocument summary, string name) =>
        Series(summary, "http_reqs", name).Sum(s => s.Raw.GetProperty("sum").GetDouble());

    [Fact]
    public async Task Http2_over_tls_h2c_and_http1_are_counted_exactly_tagged_by_proto_and_checked()
    {
        const int iterations = 12;
        var file = Ws.Write("h2.yaml", $$$"""
            insecureSkipTLSVerify: true
            scenarios:
              tls:
                executor: shared-iterations
                vus: 3
                iterations: {{{iterations}}}
                http: 2
                flow:
                  - name: h2-json
                    request: GET {{{Target.HttpsUrl}}}json
                    checks: { status: 200, json: { "$.ok": true } }
                  - name: h2-echo
                    request: POST {{{Target.HttpsUrl}}}echo
                    json: { vu: "{{vu}}" }
                    capture: { echoed: { json: "$.vu" } }
                    checks: { status: 200 }
                  - name: h1-over-tls
                    request: GET {{{Target.HttpsUrl}}}health
                    http: 1.1
              cleartext:
                executor: shared-iterations
                vus: 2
                iterations: {{{iterations}}}
                connections: shared
                flow:
                  - name: h2c
                    request: GET {{{Target.H2cUrl}}}items/{{iteration}}
                    http: h2c
                    checks: { status: 200 }
                  - name: auto-plain
                    request: GET {{{Target.BaseUrl}}}health
                    http: auto
            thresholds:
              checks: ["rate==1"]
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet");
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();

        // Every request once per iteration, and the server saw exactly those.
        foreach (var name in new[] { "h2-json", "h2-echo", "h1-over-tls", "h2c", "auto-plain" })
            Assert.Equal(iterations, Count(summary, name));
        Assert.Equal(5 * iterations, summary.Count("http_reqs"));
        Assert.Equal(Target.RequestCount, (long)summary.Count("http_reqs"));
        Assert.Equal(0, summary.Metric("http_req_failed").GetProperty("values").GetProperty("passes").GetDouble());

        // proto: HTTP/2.0 for 2 and h2c, HTTP/1.1 for 1.1 and for auto on plain http.
        string Proto(string name) => Assert.Single(Series(summary, "http_reqs", name).Select(s => s.Tags["proto"]).Distinct());
        Assert.Equal("HTTP/2.0", Proto("h2-json"));
        Assert.Equal("HTTP/2.0", Proto("h2-echo"));
        Assert.Equal("HTTP/2.0", Proto("h2c"));
        Assert.Equal("HTTP/1.1", Proto("h1-over-tls"));
        Assert.Equal("HTTP/1.1", Proto("auto-plain"));

        // Each VU opened its own TLS connection: the handshakes were measured (and only for TLS).
        var tls = Series(summary, "http_req_tls_handshaking", "h2-json").Single().Raw;
        Assert.True(tls.GetProperty("max").GetDouble() > 0, tls.ToString());
        Assert.Equal(0, Series(summary, "http_req_tls_handshaking", "h2c").Single().Raw.GetProperty("max").GetDouble());
        var connecting = Series(summary, "http_req_connecting", "h2c").Single().Raw;
        Assert.True(connecting.GetProperty("max").GetDouble() > 0, connecting.ToString());
        var waiting = Series(summary, "http_req_waiting", "h2-json").Single().Raw;
        Assert.True(waiting.GetProperty("min").GetDouble() > 0, waiting.ToString());

        // Checks and captures ran on HTTP/2 responses and passed.
        var checks = summary.Metric("checks").GetProperty("values");
        Assert.Equal(5 * iterations, checks.GetProperty("passes").GetDouble()); // json: 2 checks, echo: status and capture, h2c: 1
        Assert.Equal(0, checks.GetProperty("fails").GetDouble());
    }

    [Fact]
    public async Task Retries_and_timeouts_work_over_http2_with_k6_error_codes()
    {
        const int iterations = 4;
        var file = Ws.Write("h2-retry.yaml", $$$"""
            scenarios:
              retry:
                executor: per-vu-iterations
                vus: 2
                iterations: {{{iterations / 2}}}
                http: h2c
                flow:
                  - name: flaky
                    request: GET {{{Target.H2cUrl}}}flaky/{{vu}}-{{iteration}}?failures=2
                    retry: { attempts: 3, on: [5xx], backoff: { base: 10ms } }
                    checks: { status: 200 }
                  - name: hung
                    request: GET {{{Target.H2cUrl}}}delay/5000
                    timeout: 300ms
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet");
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();

        // Three tries per iteration, all HTTP/2, tagged by attempt; the last one passes its check.
        var flaky = Series(summary, "http_reqs", "flaky");
        Assert.All(flaky, s => Assert.Equal("HTTP/2.0", s.Tags["proto"]));
        double Tries(string attempt, string status) =>
            flaky.Where(s => s.Tags["attempt"] == attempt && s.Tags["status"] == status).Sum(s => s.Raw.GetProperty("sum").GetDouble());
        Assert.Equal(iterations, Tries("1", "503"));
        Assert.Equal(iterations, Tries("2", "503"));
        Assert.Equal(iterations, Tries("3", "200"));

        // The hung request times out: counted, tagged as k6 does (1050), never a crash.
        var hung = Assert.Single(Series(summary, "http_reqs", "hung"));
        Assert.Equal(iterations, hung.Raw.GetProperty("sum").GetDouble());
        Assert.Equal("request timeout", hung.Tags["error"]);
        Assert.Equal("1050", hung.Tags["error_code"]);
        Assert.Equal("HTTP/2.0", hung.Tags["proto"]);
        Assert.Equal(4 * iterations, Target.RequestCount);
        Assert.Equal(iterations, summary.Metric("checks").GetProperty("values").GetProperty("passes").GetDouble());
    }

    [Fact]
    public async Task A_self_signed_server_fails_every_request_with_a_tls_error_naming_the_host_unless_told_to_skip_verification()
    {
        const int iterations = 5;
        var file = Ws.Write("strict.yaml", $$$"""
            scenarios:
              strict:
                executor: shared-iterations
                vus: 1
                iterations: {{{iterations}}}
                http: 2
                flow:
                  - name: untrusted
                    request: GET {{{Target.HttpsUrl}}}json
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.DoesNotContain("   at ", run.Output);
        using var summary = Ws.Summary();
        var series = Assert.Single(Series(summary, "http_reqs", "untrusted"));
        Assert.Equal(iterations, series.Raw.GetProperty("sum").GetDouble());
        Assert.Equal("tls error", series.Tags["error"]);
        Assert.Equal("1300", series.Tags["error_code"]);
        Assert.Equal(0, Target.RequestCount);
        var request = summary.RootElement.GetProperty("failures").GetProperty("byRequest").EnumerateArray()
            .Single(r => r.GetProperty("name").GetString() == "untrusted");
        var message = request.GetProperty("classes").EnumerateArray().Single().GetProperty("message").GetString()!;
        Assert.Contains($"127.0.0.1:{Target.HttpsPort}", message);
        Assert.Contains("certificate", message);
    }

    [Fact]
    public async Task An_unknown_http_version_is_exit_104_at_its_place_with_a_suggestion()
    {
        var file = Ws.Write("bad.yaml", """
            baseUrl: http://127.0.0.1:5080
            flow:
              - request: GET /json
                http: h2
              - request: GET /json
                http: 2
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet");
        Assert.True(run.ExitCode == 104, run.Output);
        Assert.Contains("bad.yaml:4:11", run.Stderr);
        Assert.Contains("unknown HTTP version 'h2'", run.Stderr);
        Assert.Contains("did you mean", run.Stderr);
        // http: 2 is over TLS: an http:// URL is refused at its place.
        Assert.Contains("bad.yaml:6:11", run.Stderr);
        Assert.Contains("needs an https:// URL", run.Stderr);
        Assert.DoesNotContain("   at ", run.Output);
    }

    [Fact]
    public async Task A_csharp_scenario_asks_for_http2_per_request_with_the_same_metrics()
    {
        var project = CodeProject.Write(Ws, "H2", $$"""
            using System.Net;

            [assembly: RampaOptions(InsecureSkipTlsVerify = true)]
            [assembly: Threshold("checks", "rate==1")]

            public static class H2
            {
                [Scenario(Executor = "per-vu-iterations", Vus = 2, Iterations = 5)]
                public static async Task Browse(Worker worker)
                {
                    var tls = await worker.Http.SendAsync(new HttpRequest("GET", "{{Target.HttpsUrl}}json") { Name = "cs-h2", Version = HttpVersion.Version20 });
                    worker.Check(tls, "h2 json", r => r.Status == 200 && r.Body.Contains("ok") && r.Header("content-type") is not null);
                    var h2c = await worker.Http.SendAsync(new HttpRequest("GET", "{{Target.H2cUrl}}health") { Name = "cs-h2c", Version = HttpVersion.Version20 });
                    worker.Check(h2c, "h2c health", r => r.Status == 200);
                    var h1 = await worker.Http.GetAsync("/health", name: "cs-h1");
                    worker.Check(h1, "h1 health", r => r.Status == 200);
                }
            }
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, TimeSpan.FromMinutes(3), null,
            ["run", project, "--base-url", Target.BaseUrl.ToString(), "-q", "--no-color"]);
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();
        Assert.Equal(10, Count(summary, "cs-h2"));
        Assert.Equal(10, Count(summary, "cs-h2c"));
        Assert.Equal(10, Count(summary, "cs-h1"));
        Assert.Equal(Target.RequestCount, (long)summary.Count("http_reqs"));
        Assert.Equal("HTTP/2.0", Series(summary, "http_reqs", "cs-h2").Single().Tags["proto"]);
        Assert.Equal("HTTP/2.0", Series(summary, "http_reqs", "cs-h2c").Single().Tags["proto"]);
        Assert.Equal("HTTP/1.1", Series(summary, "http_reqs", "cs-h1").Single().Tags["proto"]);
        Assert.True(Series(summary, "http_req_tls_handshaking", "cs-h2").Single().Raw.GetProperty("max").GetDouble() > 0);
        Assert.Equal(30, summary.Metric("checks").GetProperty("values").GetProperty("passes").GetDouble());
    }
}
