using System.Text.Json;
using Rampa.DemoTarget;

namespace Rampa.Integration.Tests;

/// <summary>End to end: checks and captures through the CLI against the demo target.</summary>
[Collection("cli")]
public sealed class CheckTests : TargetTest
{
    /// <summary>The <c>checks</c> series by their <c>check</c> tag: (passes, fails).</summary>
    private static Dictionary<string, (double Passes, double Fails)> Checks(JsonDocument summary) =>
        summary.Metric("checks").GetProperty("series").EnumerateArray().ToDictionary(
            s => s.GetProperty("tags").GetProperty("check").GetString()!,
            s => (s.GetProperty("values").GetProperty("passes").GetDouble(), s.GetProperty("values").GetProperty("fails").GetDouble()));

    [Fact]
    public async Task A_captured_value_is_used_by_the_next_step_and_checks_are_counted_by_name()
    {
        var file = Ws.Write("capture.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              shop:
                executor: shared-iterations
                vus: 2
                iterations: 10
                flow:
                  - request: POST /echo
                    json: { n: 7, id: "{{vu}}-{{iteration}}" }
                    capture:
                      n: { json: $.n }
                      id: { json: $.id }
                      nope: { json: $.missing }
                      kind: { header: Content-Type }
                    checks:
                      - status: 200
                      - { name: echo has n, json: { $.n: 7 } }
                      - { name: never, json: { $.n: { ">": 100 } } }
                      - header: { Content-Type: { contains: json } }
                      - body: { size: "> 5" }
                  - request: GET /items/{{n}}
                    name: item
                    checks: { json: { $.id: 7, $.name: { matches: "^Item 7$" } }, body: "Item 8" }
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(10, Target.CountFor("/items/7"));
        Assert.Equal(0, Target.CountFor("/items/"));
        using var summary = Ws.Summary();
        var checks = Checks(summary);
        Assert.Equal((10, 0), checks["status is 200"]);
        Assert.Equal((10, 0), checks["echo has n"]);
        Assert.Equal((0, 10), checks["never"]);
        Assert.Equal((10, 0), checks["header Content-Type contains json"]);
        Assert.Equal((10, 0), checks["body size > 5"]);
        Assert.Equal((10, 0), checks["capture n"]);
        Assert.Equal((10, 0), checks["capture id"]);
        Assert.Equal((10, 0), checks["capture kind"]);
        Assert.Equal((0, 10), checks["capture nope"]);
        Assert.Equal((10, 0), checks["$.id == 7"]);
        Assert.Equal((10, 0), checks["$.name matches ^Item 7$"]);
        Assert.Equal((0, 10), checks["body contains Item 8"]);
        var total = summary.Metric("checks").GetProperty("values");
        Assert.Equal(9 * 10, total.GetProperty("passes").GetDouble());
        Assert.Equal(3 * 10, total.GetProperty("fails").GetDouble());
        Assert.Equal(10, summary.Count("iterations"));
    }

    [Fact]
    public async Task A_failing_check_skips_the_rest_only_with_abort_iteration_on_fail()
    {
        var file = Ws.Write("abort.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              strict:
                executor: per-vu-iterations
                vus: 2
                iterations: 3
                flow:
                  - request: GET /items/1
                    checks: { json: { $.id: 2 } }
                    abortIterationOnFail: true
                  - request: GET /items/2
              lenient:
                executor: per-vu-iterations
                vus: 2
                iterations: 3
                flow:
                  - request: GET /items/3
                    checks: { json: { $.id: 4 } }
                  - request: GET /items/4
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(6, Target.CountFor("/items/1"));
        Assert.Equal(0, Target.CountFor("/items/2"));
        Assert.Equal(6, Target.CountFor("/items/3"));
        Assert.Equal(6, Target.CountFor("/items/4"));
        using var summary = Ws.Summary();
        Assert.Equal(12, summary.Count("iterations"));
        Assert.Equal((0, 6), Checks(summary)["$.id == 2"]);
    }
}
