using System.Text.Json;

namespace Rampa.Integration.Tests;

/// <summary>
/// C# scenarios with the real CLI against the demo target: a project is built, its [Scenario] methods run with the
/// same executors, metrics, thresholds and exit codes as YAML; mistakes get their exit codes and places.
/// </summary>
[Collection("cli")]
public sealed class CodeScenarioTests : TargetTest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private Task<RampaRun> RunAsync(params string[] args) =>
        RampaProcess.RunAsync(Ws.Dir, Timeout, null, ["run", .. args, "--base-url", Target.BaseUrl.ToString(), "-q", "--no-color"]);

    /// <summary>The sum of a metric's series that carry tag=value; 0 when the run recorded none.</summary>
    private static double SeriesSum(JsonDocument summary, string metric, string tag, string value) =>
        !summary.RootElement.GetProperty("metrics").TryGetProperty(metric, out var m) ? 0 : m.GetProperty("series").EnumerateArray()
            .Where(s => s.GetProperty("tags").TryGetProperty(tag, out var v) && v.GetString() == value)
            .Sum(s => s.GetProperty("raw").GetProperty("sum").GetDouble());

    [Fact]
    public async Task Setup_data_reaches_every_vu_and_vu_init_groups_checks_custom_metrics_and_teardown_run_as_declared()
    {
        var project = CodeProject.Write(Ws, "Shop", """
            [assembly: Threshold("checks", "rate==1")]
            [assembly: Threshold("items_seen", "count==30")]

            public sealed record Data(string Path);

            public static class Shop
            {
                public static readonly Counter ItemsSeen = new("items_seen");

                [Setup]
                public static async Task<Data> Setup(Worker worker)
                {
                    await worker.Http.GetAsync("/status/201", name: "setup");
                    return new Data("/items/7");
                }

                [VuInit]
                public static async Task LogIn(Worker worker)
                {
                    var r = await worker.Http.PostAsync("/login", new { user = $"vu{worker.Vu}" }, name: "login");
                    worker.Vars["token"] = r.Json()?["token"]?.GetValue<string>();
                }

                [Scenario(Executor = "per-vu-iterations", Vus = 3, Iterations = 10)]
                public static async Task Browse(Worker worker)
                {
                    var path = worker.SetupData<Data>().Path;
                    await worker.Group("browse", async () =>
                    {
                        var me = await worker.Http.GetAsync("/me", name: "me",
                            headers: new Dictionary<string, string> { ["Authorization"] = $"Bearer {worker.Vars["token"]}" });
                        worker.Check(me, "me is the vu", r => r.Body.Contains($"vu{worker.Vu}"));
                        var item = await worker.Http.GetAsync(path, name: "item");
                        worker.Check(item, "item is 200", r => r.Status == 200);
                        ItemsSeen.Add();
                    });
                }

                [Teardown]
                public static async Task Teardown(Worker worker) =>
                    await worker.Http.GetAsync("/status/204", name: "teardown");
            }
            """);

        var run = await RunAsync(project);

        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();
        Assert.Equal("completed", summary.State());
        Assert.Equal(30, summary.Count("iterations"));
        Assert.Equal(30, Target.CountFor("/items/7"));   // the setup's data, in every VU
        Assert.Equal(30, Target.CountFor("/me"));
        Assert.Equal(3, Target.CountFor("/login"));      // VU init: once per VU
        Assert.Equal(1, Target.CountFor("/status/201")); // setup: once per run
        Assert.Equal(1, Target.CountFor("/status/204")); // teardown: once per run
        // Setup and teardown are not load: the run's requests are the VUs' own.
        Assert.Equal(30 + 30 + 3, summary.Count("http_reqs"));
        Assert.Equal(30, summary.Count("items_seen"));
        Assert.Equal(60, SeriesSum(summary, "checks", "group", "::browse"));
        Assert.Equal(0, summary.Metric("checks").GetProperty("values").GetProperty("fails").GetDouble());
        Assert.Contains(summary.Metric("group_duration").GetProperty("series").EnumerateArray(),
            s => s.GetProperty("tags").GetProperty("group").GetString() == "::browse");
    }

    [Fact]
    public async Task Every_executor_in_csharp_counts_what_the_same_scenario_in_yaml_counts()
    {
        const string options = """
            [Scenario(Executor = "shared-iterations", Vus = 3, Iterations = 40)] public static Task Shared(Worker w) => Get(w, "/status/200");
            [Scenario(Executor = "per-vu-iterations", Vus = 2, Iterations = 15)] public static Task PerVu(Worker w) => Get(w, "/status/201");
            [Scenario(Executor = "constant-vus", Vus = 2, Duration = "2s")] public static Task Constant(Worker w) => Get(w, "/status/202");
            [Scenario(Executor = "ramping-vus", StartVUs = 1, Stages = new[] { "1s:3", "1s:0" })] public static Task Ramping(Worker w) => Get(w, "/status/203");
            [Scenario(Executor = "constant-arrival-rate", Rate = 20, Duration = "2s", PreAllocatedVUs = 4, MaxVUs = 8)] public static Task Arrival(Worker w) => Get(w, "/status/204");
            [Scenario(Executor = "ramping-arrival-rate", StartRate = 10, PreAllocatedVUs = 4, MaxVUs = 8, Stages = new[] { "1s:20", "1s:20" })] public static Task RampingArrival(Worker w) => Get(w, "/status/205");
            """;
        var project = CodeProject.Write(Ws, "Executors", $$"""
            public static class Executors
            {
                private static async Task Get(Worker w, string path)
                {
                    var r = await w.Http.GetAsync(path, name: path);
                    w.Check(r, "expected", x => x.IsExpected);
                    await w.Think(TimeSpan.FromMilliseconds(50));
                }

            {{options}}
            }
            """);
        var yaml = Ws.Write("executors.yaml", """
            thinkTime: 50ms
            scenarios:
              Shared: { executor: shared-iterations, vus: 3, iterations: 40, flow: [{ request: GET /status/200, name: /status/200 }] }
              PerVu: { executor: per-vu-iterations, vus: 2, iterations: 15, flow: [{ request: GET /status/201, name: /status/201 }] }
              Constant: { executor: constant-vus, vus: 2, duration: 2s, flow: [{ request: GET /status/202, name: /status/202 }] }
              Ramping: { executor: ramping-vus, startVUs: 1, stages: [{ duration: 1s, target: 3 }, { duration: 1s, target: 0 }], flow: [{ request: GET /status/203, name: /status/203 }] }
              Arrival: { executor: constant-arrival-rate, rate: 20, duration: 2s, preAllocatedVUs: 4, maxVUs: 8, flow: [{ request: GET /status/204, name: /status/204 }] }
              RampingArrival: { executor: ramping-arrival-rate, startRate: 10, preAllocatedVUs: 4, maxVUs: 8, stages: [{ duration: 1s, target: 20 }, { duration: 1s, target: 20 }], flow: [{ request: GET /status/205, name: /status/205 }] }
            """);

        var code = await RunAsync(project, "--out-dir", Path.Combine(Ws.Dir, "code"));
        Assert.True(code.ExitCode == 0, code.Output);
        var counted = Enumerable.Range(200, 6).ToDictionary(s => s, s => Target.CountFor($"/status/{s}"));
        var asYaml = await RunAsync(yaml, "--out-dir", Path.Combine(Ws.Dir, "yaml"));
        Assert.True(asYaml.ExitCode == 0, asYaml.Output);

        using var c = Summary("code");
        using var y = Summary("yaml");
        foreach (var (scenario, status) in new[] { ("Shared", 200), ("PerVu", 201), ("Constant", 202), ("Ramping", 203), ("Arrival", 204), ("RampingArrival", 205) })
        {
            var cIterations = SeriesSum(c, "iterations", "scenario", scenario);
            var yIterations = SeriesSum(y, "iterations", "scenario", scenario);
            var figures = $"{scenario}: code {cIterations} iterations, yaml {yIterations}, target saw {counted[status]}\n{code.Stdout}";
            // Each completed iteration sent one request; the target saw every one (an interrupted one may add one).
            Assert.Equal(cIterations, SeriesSum(c, "http_reqs", "scenario", scenario) - Interrupted(c, scenario));
            Assert.True(counted[status] >= cIterations && counted[status] <= cIterations + Interrupted(c, scenario), figures);
            switch (scenario)
            {
                case "Shared": Assert.Equal(40, cIterations); Assert.Equal(40, yIterations); break;
                case "PerVu": Assert.Equal(30, cIterations); Assert.Equal(30, yIterations); break;
                case "Arrival" or "RampingArrival":
                    // The open model offers the whole schedule in both: every start runs or is dropped.
                    var planned = scenario == "Arrival" ? 40 : 35;
                    Assert.Equal(planned, cIterations + Interrupted(c, scenario) + SeriesSum(c, "dropped_iterations", "scenario", scenario));
                    Assert.Equal(planned, yIterations + Interrupted(y, scenario) + SeriesSum(y, "dropped_iterations", "scenario", scenario));
                    break;
                default: Assert.True(cIterations > 0 && yIterations > 0, figures); break;
            }
        }
    }

    private static double Interrupted(JsonDocument summary, string scenario) => SeriesSum(summary, "interrupted_iterations", "scenario", scenario);

    private JsonDocument Summary(string outDir)
    {
        var run = Assert.Single(Directory.GetDirectories(Path.Combine(Ws.Dir, outDir)));
        return JsonDocument.Parse(File.ReadAllBytes(Path.Combine(run, "summary.json")));
    }

    [Fact]
    public async Task An_exception_is_counted_with_its_place_and_a_failing_custom_threshold_exits_99()
    {
        var project = CodeProject.Write(Ws, "Errors", """
            [assembly: Threshold("slow_items", "p(95)<1")]

            public static class Errors
            {
                public static readonly Trend SlowItems = new("slow_items", isTime: true);

                [Scenario(Executor = "per-vu-iterations", Vus = 1, Iterations = 20)]
                public static async Task Flaky(Worker worker)
                {
                    await worker.Http.GetAsync("/json", name: "json");
                    SlowItems.Add(50);
                    if (worker.Iteration % 10 == 9) throw new InvalidOperationException($"every 10th iteration fails ({worker.Iteration})");
                }
            }
            """);

        var run = await RunAsync(project);

        Assert.True(run.ExitCode == 99, run.Output);
        using var summary = Ws.Summary();
        Assert.Equal(20, summary.Count("iterations"));
        Assert.Equal(20, Target.CountFor("/json"));
        var errors = Assert.Single(summary.Metric("iteration_errors").GetProperty("series").EnumerateArray());
        Assert.Equal(2, errors.GetProperty("raw").GetProperty("sum").GetDouble());
        Assert.Equal("InvalidOperationException", errors.GetProperty("tags").GetProperty("error").GetString());
        Assert.Matches(@"^Scenarios\.cs:1\d$", errors.GetProperty("tags").GetProperty("place").GetString());
        Assert.Contains("every 10th iteration fails (9)", errors.GetRawText());
        Assert.Contains("slow_items", run.Stdout);
        Assert.Contains("█ ERRORS", run.Stdout);
        Assert.Matches(@"2  InvalidOperationException  at Scenarios\.cs:1\d  every 10th iteration fails \(9\)", run.Stdout);
    }

    [Fact]
    public async Task Worker_abort_stops_the_run_with_108_and_the_summary_is_written()
    {
        var project = CodeProject.Write(Ws, "Abort", """
            public static class Abort
            {
                [Scenario(Executor = "constant-vus", Vus = 2, Duration = "30s")]
                public static async Task Stop(Worker worker)
                {
                    await worker.Http.GetAsync("/json", name: "json");
                    if (worker.Iteration == 5) worker.Abort("seen enough");
                    await worker.Think(TimeSpan.FromMilliseconds(20));
                }
            }
            """);

        var run = await RunAsync(project);

        Assert.True(run.ExitCode == 108, run.Output);
        using var summary = Ws.Summary();
        Assert.Equal("aborted-by-scenario", summary.State());
        Assert.Contains("seen enough", summary.RootElement.GetProperty("run").GetRawText());
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(25), $"the abort did not stop the 30 s run early ({run.Elapsed})");
    }

    [Fact]
    public async Task A_project_that_does_not_compile_exits_107_with_the_compilers_place()
    {
        var project = CodeProject.Write(Ws, "Broken", """
            public static class Broken
            {
                [Scenario(Executor = "constant-vus", Duration = "1s")]
                public static async Task Go(Worker worker) => await worker.Http.GetAsync("/json") // no semicolon
            }
            """);

        var run = await RunAsync(project);

        Assert.True(run.ExitCode == 107, run.Output);
        Assert.Matches(@"Scenarios\.cs:6:\d+: error CS1002: ; expected", run.Stderr);
        Assert.Equal(0, Target.CountFor("/json"));
    }

    [Fact]
    public async Task A_bad_attribute_value_and_a_wrong_signature_exit_104_naming_the_method()
    {
        var project = CodeProject.Write(Ws, "BadAttributes", """
            public static class Bad
            {
                [Scenario(Executor = "constant-vus", Duration = "1x")]
                public static Task Typo(Worker worker) => Task.CompletedTask;

                [Scenario(Executor = "constant-vus", Duration = "1s", Rate = 10)]
                public static Task WrongOption(Worker worker) => Task.CompletedTask;

                [Scenario(Executor = "constant-vus", Duration = "1s")]
                public static void NotAsync(Worker worker) { }
            }
            """);

        var run = await RunAsync(project);

        Assert.True(run.ExitCode == 104, run.Output);
        Assert.Contains("Bad.NotAsync", run.Stderr);
        Assert.Contains("returning Task or ValueTask", run.Stderr);
        Assert.DoesNotContain("   at ", run.Output);

        // With the signature fixed, the option values are checked, each named at its method.
        File.WriteAllText(Path.Combine(project, "Scenarios.cs"), File.ReadAllText(Path.Combine(project, "Scenarios.cs"))
            .Replace("public static void NotAsync(Worker worker) { }", "public static Task NotAsync(Worker worker) => Task.CompletedTask;"));
        run = await RunAsync(project);
        Assert.True(run.ExitCode == 104, run.Output);
        Assert.Matches(@"Scenarios\.cs:\d+:\d+: Bad\.Typo: \[Scenario\] Duration: '1x' is not a duration", run.Stderr);
        Assert.Matches(@"Bad\.WrongOption: \[Scenario\] Rate: unknown option 'Rate' for executor 'constant-vus'", run.Stderr);
        Assert.DoesNotContain("   at ", run.Output);
    }

    [Fact]
    public async Task A_setup_that_throws_exits_107_before_any_load()
    {
        var project = CodeProject.Write(Ws, "BadSetup", """
            public static class BadSetup
            {
                [Setup]
                public static async Task<int> Setup(Worker worker)
                {
                    await worker.Http.GetAsync("/health", name: "health");
                    throw new InvalidOperationException("no test data");
                }

                [Scenario(Executor = "per-vu-iterations", Vus = 2, Iterations = 5)]
                public static Task Go(Worker worker) => worker.Http.GetAsync("/json");
            }
            """);

        var run = await RunAsync(project);

        Assert.True(run.ExitCode == 107, run.Output);
        Assert.Contains("no test data", run.Output);
        Assert.Equal(1, Target.CountFor("/health"));
        Assert.Equal(0, Target.CountFor("/json"));
    }

    [Fact]
    public async Task A_yaml_file_runs_csharp_methods_named_by_exec_with_code_and_without_it_is_refused()
    {
        var project = CodeProject.Write(Ws, "Exec", """
            public static class Api
            {
                [Scenario(Executor = "constant-vus", Duration = "1s")]
                public static Task Items(Worker worker) => worker.Http.GetAsync($"/items/{worker.Vu}", name: "item");
            }
            """);
        var yaml = Ws.Write("plan.yaml", """
            scenarios:
              items:
                executor: shared-iterations
                vus: 2
                iterations: 12
                exec: Api.Items
            thresholds:
              http_req_failed: ["rate==0"]
            """);

        var refused = await RunAsync(yaml);
        Assert.True(refused.ExitCode == 104, refused.Output);
        Assert.Contains("--code PATH", refused.Stderr);

        var run = await RunAsync(yaml, "--code", project);
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();
        Assert.Equal(12, summary.Count("iterations"));
        Assert.Equal(12, Target.CountFor("/items/1") + Target.CountFor("/items/2"));
    }

    [Fact]
    public async Task Rampa_new_makes_a_project_that_builds_against_the_installed_sdk_and_validates()
    {
        var made = await RampaProcess.RunAsync(Ws.Dir, Timeout, null, "new", "MyLoadTests");
        Assert.True(made.ExitCode == 0, made.Output);
        Assert.True(File.Exists(Path.Combine(Ws.Dir, "MyLoadTests", "MyLoadTests.csproj")), made.Output);

        var valid = await RampaProcess.RunAsync(Ws.Dir, Timeout, null, "validate", "MyLoadTests");
        Assert.True(valid.ExitCode == 0, valid.Output);
        Assert.Contains("valid; 1 scenario(s)", valid.Stdout);

        var again = await RampaProcess.RunAsync(Ws.Dir, Timeout, null, "new", "MyLoadTests");
        Assert.True(again.ExitCode == 104, again.Output);
    }
}
