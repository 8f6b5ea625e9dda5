using System.Text.Json;
using Rampa.DemoTarget;

namespace Rampa.Integration.Tests;

/// <summary>End to end: groups of steps (the <c>group</c> tag, <c>group_duration</c>) and a request's own tags.</summary>
[Collection("cli")]
public sealed class GroupTests : TargetTest
{
    /// <summary>A metric's series: their tags and count (NaN for a Rate, which has none).</summary>
    private static List<(Dictionary<string, string> Tags, double Count)> Series(JsonDocument summary, string metric) =>
        summary.Metric(metric).GetProperty("series").EnumerateArray().Select(s => (
            s.GetProperty("tags").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            s.GetProperty("values").TryGetProperty("count", out var count) ? count.GetDouble() : double.NaN)).ToList();

    [Fact]
    public async Task A_group_tags_its_requests_and_records_group_duration_once_per_iteration()
    {
        var file = Ws.Write("group.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              shop:
                executor: shared-iterations
                vus: 3
                iterations: 30
                flow:
                  - request: GET /
                    name: home
                    tags: { team: web, kind: read }
                    checks: { status: 200 }
                  - group: checkout
                    steps:
                      - request: GET /json
                        name: cart
                        checks: { status: 200 }
                      - think: 10ms
                      - request: POST /echo
                        name: pay
                        body: paid
            thresholds:
              "http_req_duration{group:::checkout}": ["max<60000"]
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet");
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();
        Assert.Equal(30, summary.Count("iterations"));
        Assert.Equal(90, summary.Count("http_reqs"));
        Assert.Equal(90, Target.RequestCount);

        // group_duration: one series for the group, one sample per iteration, tagged with scenario and group.
        var groups = Series(summary, "group_duration");
        var checkout = Assert.Single(groups);
        Assert.Equal("::checkout", checkout.Tags["group"]);
        Assert.Equal("shop", checkout.Tags["scenario"]);
        Assert.Equal(30, checkout.Count);
        var values = summary.Metric("group_duration").GetProperty("values");
        // The 10ms think step is inside (shown in ms; timers may fire a little early, histograms keep 3 digits).
        Assert.True(values.GetProperty("min").GetDouble() >= 9, values.ToString());

        // http_reqs: the requests inside carry the group; the one outside doesn't, and has its own tags.
        var reqs = Series(summary, "http_reqs").ToDictionary(s => s.Tags["name"]);
        Assert.Equal("::checkout", reqs["cart"].Tags["group"]);
        Assert.Equal("::checkout", reqs["pay"].Tags["group"]);
        Assert.Equal(30, reqs["cart"].Count);
        Assert.Equal(30, reqs["pay"].Count);
        Assert.False(reqs["home"].Tags.ContainsKey("group"));
        Assert.Equal("web", reqs["home"].Tags["team"]);
        Assert.Equal("read", reqs["home"].Tags["kind"]);
        Assert.False(reqs["cart"].Tags.ContainsKey("team"));
        Assert.Equal(30, reqs["home"].Count);

        // Checks carry them too.
        var checks = Series(summary, "checks").ToDictionary(s => (s.Tags.GetValueOrDefault("group"), s.Tags.GetValueOrDefault("team")));
        Assert.Contains(((string?)null, (string?)"web"), checks.Keys);
        Assert.Contains(((string?)"::checkout", (string?)null), checks.Keys);
    }

    [Fact]
    public async Task Abort_in_a_nested_group_skips_the_rest_of_the_whole_flow()
    {
        var file = Ws.Write("abort.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              shop:
                executor: shared-iterations
                vus: 2
                iterations: 10
                flow:
                  - group: outer
                    steps:
                      - group: inner
                        steps:
                          - request: GET /status/500
                            name: fails
                            checks: { status: 200 }
                            abortIterationOnFail: true
                          - request: GET /json
                            name: skipped-inner
                      - request: GET /json
                        name: skipped-outer
                  - request: GET /
                    name: skipped-after
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet");
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();
        Assert.Equal(10, summary.Count("iterations"));
        var reqs = Series(summary, "http_reqs");
        var only = Assert.Single(reqs);
        Assert.Equal("fails", only.Tags["name"]);
        Assert.Equal("::outer::inner", only.Tags["group"]);
        Assert.Equal(10, only.Count);
        Assert.Equal(10, Target.RequestCount);
        // The groups cut by the abort still record how long they ran, once per iteration.
        var groups = Series(summary, "group_duration").ToDictionary(s => s.Tags["group"], s => s.Count);
        Assert.Equal(new Dictionary<string, double> { ["::outer"] = 10, ["::outer::inner"] = 10 }, groups);
    }
}
