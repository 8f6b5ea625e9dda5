using Rampa.DemoTarget;

namespace Rampa.Integration.Tests;

/// <summary>End to end: the CLI, an embedded silo and the demo target agree on what was sent.</summary>
[Collection("cli")]
public sealed class RunCorrectnessTests : TargetTest
{
    [Fact]
    public async Task Constant_vus_requests_in_summary_equal_requests_the_target_counted()
    {
        var file = Ws.Write("cv.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              load:
                executor: constant-vus
                vus: 8
                duration: 3s
                flow:
                  - request: GET /
                    checks: { status: 200 }
                  - request: GET /items/{{iteration}}
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet");
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();
        Assert.True(summary.Count("http_reqs") > 100, run.Output);
        Assert.Equal(Target.RequestCount, (long)summary.Count("http_reqs"));
        Assert.Equal(summary.Count("http_reqs") / 2, summary.Count("iterations"));
        Assert.Equal("completed", summary.State());
        var duration = summary.RootElement.GetProperty("run").GetProperty("durationSeconds").GetDouble();
        Assert.InRange(duration, 3.0, 4.5);
        // Every request got a status check sample, and the series carry their tags.
        var checks = summary.Metric("checks").GetProperty("values");
        Assert.Equal(summary.Count("http_reqs") / 2, checks.GetProperty("passes").GetDouble());
        var series = summary.Metric("http_reqs").GetProperty("series").EnumerateArray().Select(s => s.GetProperty("tags").GetProperty("name").GetString()).ToHashSet();
        Assert.Contains("/", series);
        Assert.Contains("/items/{{iteration}}", series);
    }

    [Fact]
    public async Task Shared_iterations_runs_exactly_the_iterations_asked_for()
    {
        var file = Ws.Write("si.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              pool:
                executor: shared-iterations
                vus: 10
                iterations: 1000
                flow:
                  - request: GET /json
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet");
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();
        Assert.Equal(1000, summary.Count("iterations"));
        Assert.Equal(1000, summary.Count("http_reqs"));
        Assert.Equal(1000, Target.RequestCount);
        Assert.Equal(0, summary.Count("dropped_iterations"));
    }

    [Fact]
    public async Task Per_vu_iterations_runs_vus_times_iterations()
    {
        var file = Ws.Write("pv.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              each:
                executor: per-vu-iterations
                vus: 7
                iterations: 13
                flow:
                  - request: POST /echo
                    json: { vu: "{{vu}}", iteration: "{{iteration}}" }
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet");
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();
        Assert.Equal(91, summary.Count("iterations"));
        Assert.Equal(91, Target.RequestCount);
        Assert.Equal(7, summary.Metric("vus_max").GetProperty("values").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Iterations_that_cannot_finish_in_max_duration_are_dropped_and_counted()
    {
        var file = Ws.Write("slow.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              slow:
                executor: per-vu-iterations
                vus: 2
                iterations: 100
                maxDuration: 1s
                gracefulStop: 0s
                flow:
                  - request: GET /delay/300
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet");
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();
        var done = summary.Count("iterations");
        var interrupted = summary.Count("interrupted_iterations");
        var dropped = summary.Count("dropped_iterations");
        Assert.InRange(done, 4, 8);
        Assert.Equal(200, done + interrupted + dropped);
    }

    [Fact]
    public async Task A_failing_threshold_exits_99_and_the_summary_marks_it()
    {
        var file = Ws.Write("th.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              one:
                executor: shared-iterations
                iterations: 20
                flow:
                  - request: GET /delay/5
            thresholds:
              http_req_duration: ["p(95)<0.001", "max<10000"]
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet", "--no-color");
        Assert.Equal(99, run.ExitCode);
        Assert.Contains("✗ 'p(95)<0.001'", run.Stdout);
        Assert.Contains("✓ 'max<10000'", run.Stdout);
        using var summary = Ws.Summary();
        var verdicts = summary.RootElement.GetProperty("thresholds").EnumerateArray().ToDictionary(t => t.GetProperty("expression").GetString()!, t => t.GetProperty("passed").GetBoolean());
        Assert.False(verdicts["p(95)<0.001"]);
        Assert.True(verdicts["max<10000"]);
    }

    [Fact]
    public async Task Shortcut_file_with_command_line_overrides()
    {
        var file = Ws.Write("short.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            requests:
              - { weight: 3, request: GET /json }
              - { weight: 1, request: GET / }
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet", "--vus", "3", "--iterations", "60", "--summary-export", "out/s.json");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.True(File.Exists(Path.Combine(Ws.Dir, "out", "s.json")));
        using var summary = Ws.Summary();
        Assert.Equal(60, summary.Count("iterations"));
        Assert.Equal(60, Target.RequestCount);
        var json = Target.CountFor("/json");
        Assert.InRange(json, 30, 57); // weighted 3:1, seeded stream
    }
}
