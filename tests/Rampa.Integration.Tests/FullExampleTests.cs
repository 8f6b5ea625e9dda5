using System.Text.Json;

namespace Rampa.Integration.Tests;

/// <summary>
/// examples/full.yaml, the file that shows every field and all six executors, passes against the demo target: every
/// method and route it uses answers, every check passes. A whole run takes about 1m45s, so the test runs a copy whose
/// durations and start times are shortened (and whose latency bounds, which measure the machine and not the example,
/// are loosened); everything else is the file as it is.
/// </summary>
[Collection("cli")]
public sealed class FullExampleTests : TargetTest
{
    /// <summary>Each text must be in the example exactly once, so that a change to it shows here.</summary>
    private static readonly (string From, string To)[] Shortenings =
    [
        ("      - { duration: 10s, target: 20 }\n      - { duration: 20s, target: 20 }\n      - { duration: 5s, target: 0 }",
         "      - { duration: 2s, target: 20 }\n      - { duration: 2s, target: 20 }\n      - { duration: 1s, target: 0 }"),
        ("    duration: 30s\n    startTime: 5s", "    duration: 4s\n    startTime: 1s"),
        ("    startTime: 40s", "    startTime: 2s"),
        ("    duration: 30s\n    preAllocatedVUs: 20", "    duration: 4s\n    preAllocatedVUs: 20"),
        ("    startTime: 1m\n", "    startTime: 3s\n"),
        ("      - { duration: 10s, target: 100 }\n      - { duration: 20s, target: 100 }", "      - { duration: 1s, target: 100 }\n      - { duration: 2s, target: 100 }"),
        ("      - { duration: 10s, target: 10 }", "      - { duration: 1s, target: 10 }"),
        ("\"p(99.9) < 800\"", "\"p(99.9) < 5000\""),
        ("\"max<2000\"", "\"max<10000\""),
        ("iteration_response_time: [\"p(99)<1000\"]", "iteration_response_time: [\"p(99)<5000\"]"),
        // Latency limits say what the example means, not what a loaded 2-core machine delivers: the test checks that
        // every request and check of the example works against the demo target, so its limits are made generous.
        ("\"p(95)<300\"", "\"p(95)<5000\""),
        ("\"avg<200\"", "\"avg<5000\""),
        ("\"med<150\"", "\"med<5000\""),
        ("\"p(95)<100\"", "\"p(95)<5000\""),
        ("\"p(90)<250\"", "\"p(90)<5000\""),
    ];

    [Fact]
    public async Task Full_yaml_passes_against_the_demo_target()
    {
        var text = (await File.ReadAllTextAsync(Path.Combine(RampaProcess.RepoRoot, "examples", "full.yaml"))).ReplaceLineEndings("\n");
        foreach (var (from, to) in Shortenings)
        {
            var at = text.IndexOf(from, StringComparison.Ordinal);
            Assert.True(at >= 0 && text.IndexOf(from, at + 1, StringComparison.Ordinal) < 0, $"examples/full.yaml no longer has exactly one '{from}'");
            text = text.Replace(from, to, StringComparison.Ordinal);
        }
        var file = Ws.Write("full.yaml", text);

        var run = await RampaProcess.RunAsync(Ws.Dir, TimeSpan.FromMinutes(3), null, "run", file, "--base-url", Target.BaseUrl.ToString(), "-q", "--no-color");

        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();
        Assert.Equal("completed", summary.State());
        var checks = summary.Metric("checks").GetProperty("values");
        Assert.True(checks.GetProperty("passes").GetDouble() > 0, run.Stdout);
        Assert.True(checks.GetProperty("fails").GetDouble() == 0, run.Stdout);
        // The only failed requests: each `steady` VU's first try of /flaky (then retried), 5 VUs.
        Assert.Equal(5, summary.Metric("http_req_failed").GetProperty("values").GetProperty("passes").GetDouble());

        // Every method the file uses reached its route and got a success.
        var answered = summary.Metric("http_reqs").GetProperty("series").EnumerateArray()
            .Select(s => s.GetProperty("tags"))
            .Where(t => t.TryGetProperty("status", out var status) && status.GetString()![0] == '2')
            .Select(t => t.GetProperty("method").GetString()).ToHashSet();
        foreach (var method in new[] { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" }) Assert.Contains(method, answered);
        Assert.DoesNotContain("\"405\"", summary.Metric("http_reqs").GetRawText());
        foreach (var path in new[] { "/", "/json", "/health", "/echo", "/items/1", "/delay/20" })
            Assert.True(Target.CountFor(path) > 0, $"{path} got no request");
        var scenarios = summary.RootElement.GetProperty("scenarios").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("iterations").GetInt64());
        Assert.Equal(["api", "browse", "per-user", "spike", "steady", "warmup"], scenarios.Keys.Order());
        Assert.All(scenarios, s => Assert.True(s.Value > 0, $"{s.Key} completed no iteration"));
        Assert.Equal(40, scenarios["warmup"]);
        Assert.Equal(30, scenarios["per-user"]);
    }
}
