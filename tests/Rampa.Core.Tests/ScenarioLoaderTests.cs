using Rampa.Core.Executors;
using Rampa.Core.Scenarios;
using Rampa.Core.Tests.Support;
using Rampa.Core.Thresholds;
using Rampa.Core.Workloads.Http;
using static Rampa.Core.Tests.Support.ScenarioFiles;

namespace Rampa.Core.Tests;

public class ScenarioLoaderTests
{
    private static HttpWorkload Http(ScenarioPlan s) => Assert.IsType<HttpWorkload>(s.Workload);
    private static RequestSpec FirstRequest(ScenarioPlan s) => Assert.IsType<RequestStep>(Http(s).Flow[0]).Request;
    private static T Executor<T>(TestPlan plan, int index = 0) where T : ExecutorConfig => Assert.IsType<T>(plan.Scenarios[index].Executor);

    // ---- the examples --------------------------------------------------------------------------------------

    [Fact]
    public void Quickstart_example_loads()
    {
        var plan = ScenarioLoader.Load(new ScenarioSource
        {
            FileName = "examples/quickstart.yaml",
            Text = System.IO.File.ReadAllText(Path.Combine(RepoRoot, "examples", "quickstart.yaml")),
        }, NoEnv);

        Assert.Equal("quickstart", plan.Name);
        Assert.Equal(new Uri("http://127.0.0.1:5080"), plan.BaseUrl);
        var smoke = Assert.Single(plan.Scenarios);
        Assert.Equal("smoke", smoke.Name);
        var executor = Assert.IsType<ConstantVus>(smoke.Executor);
        Assert.Equal(10, executor.Vus);
        Assert.Equal(TimeSpan.FromSeconds(10), executor.Duration);
        var workload = Http(smoke);
        Assert.Equal(new ThinkTime(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100)), workload.ThinkTime);
        var requests = workload.Flow.Cast<RequestStep>().Select(s => s.Request).ToList();
        Assert.Equal(["GET", "GET", "GET", "POST"], requests.Select(r => r.Method));
        Assert.Equal(["home", "/json", "/items/{{iteration}}", "echo"], requests.Select(r => r.Name));
        Assert.Equal("http://127.0.0.1:5080/items/{{iteration}}", requests[2].Url.Text);
        Assert.Equal("{\"sku\":\"A-{{vu}}\",\"qty\":1}", requests[3].Body!.Text);
        Assert.Equal("application/json", requests[3].ContentType);
        Assert.All(requests, r => Assert.Equal("status is 200", Assert.Single(r.Checks).Name));
        Assert.Equal(["http_req_duration", "http_req_failed"], plan.Thresholds.Select(t => t.Metric));
    }

    [Fact]
    public void Full_example_loads_with_all_six_executors()
    {
        var plan = ScenarioLoader.Load(new ScenarioSource
        {
            FileName = "examples/full.yaml",
            Text = System.IO.File.ReadAllText(Path.Combine(RepoRoot, "examples", "full.yaml")),
        }, NoEnv);

        Assert.Equal(42, plan.Seed);
        Assert.True(plan.SeedFromFile);
        Assert.Equal(ExecutorConfig.Kinds.OrderBy(k => k), plan.Scenarios.Select(s => s.Executor.Kind).Distinct().OrderBy(k => k));
        Assert.Equal(["avg", "min", "med", "max", "p(90)", "p(95)", "p(99.9)"], plan.SummaryTrendStats);
        var browse = plan.Scenarios[0];
        Assert.Equal("web", browse.Tags["team"]);
        Assert.Equal("main", browse.Env["SHOP"]);
        var item = Assert.IsType<RequestStep>(Http(browse).Flow[1]).Request;
        Assert.Equal("http://127.0.0.1:5080/items/4?shop=main", item.Url.Render(new Values(1, 4, "browse")));
        var checks = plan.Thresholds.Single(t => t.Metric == "checks");
        Assert.True(checks.Expressions[0].AbortOnFail);
        Assert.Equal(TimeSpan.FromSeconds(10), checks.Expressions[0].DelayAbortEval);
        Assert.False(checks.Expressions[1].AbortOnFail);
    }

    // ---- executors -----------------------------------------------------------------------------------------

    private const string Flow = """
          flow:
            - request: GET http://example.test/
        """;

    private static TestPlan LoadScenario(string options) => Load($"""
        scenarios:
          s:
        {Indent(options, 4)}
        {Indent(Flow, 2)}
        """);

    private static string Indent(string text, int spaces) =>
        string.Join("\n", text.Split('\n').Select(l => l.Length == 0 ? l : new string(' ', spaces) + l.TrimEnd('\r')));

    [Fact]
    public void Constant_vus_reads_its_options_and_common_ones()
    {
        var plan = LoadScenario("""
            executor: constant-vus
            vus: 7
            duration: 1m30s
            startTime: 5s
            gracefulStop: 2s
            """);
        var c = Executor<ConstantVus>(plan);
        Assert.Equal(7, c.Vus);
        Assert.Equal(TimeSpan.FromSeconds(90), c.Duration);
        Assert.Equal(TimeSpan.FromSeconds(5), c.StartTime);
        Assert.Equal(TimeSpan.FromSeconds(2), c.GracefulStop);
    }

    [Fact]
    public void Constant_vus_defaults_to_one_vu_and_30s_graceful_stop()
    {
        var c = Executor<ConstantVus>(LoadScenario("executor: constant-vus\nduration: 10s"));
        Assert.Equal(1, c.Vus);
        Assert.Equal(TimeSpan.Zero, c.StartTime);
        Assert.Equal(TimeSpan.FromSeconds(30), c.GracefulStop);
    }

    [Fact]
    public void Ramping_vus_reads_stages()
    {
        var c = Executor<RampingVus>(LoadScenario("""
            executor: ramping-vus
            startVUs: 0
            stages:
              - { duration: 10s, target: 20 }
              - duration: 0s
                target: 5
            gracefulRampDown: 3s
            """));
        Assert.Equal(0, c.StartVus);
        Assert.Equal([new Stage(TimeSpan.FromSeconds(10), 20), new Stage(TimeSpan.Zero, 5)], c.Stages);
        Assert.Equal(TimeSpan.FromSeconds(3), c.GracefulRampDown);
    }

    [Fact]
    public void Ramping_vus_defaults()
    {
        var c = Executor<RampingVus>(LoadScenario("executor: ramping-vus\nstages: [{ duration: 5s, target: 2 }]"));
        Assert.Equal(1, c.StartVus);
        Assert.Equal(TimeSpan.FromSeconds(30), c.GracefulRampDown);
    }

    [Fact]
    public void Shared_iterations_reads_options_and_defaults()
    {
        var c = Executor<SharedIterations>(LoadScenario("executor: shared-iterations\nvus: 4\niterations: 100\nmaxDuration: 2m"));
        Assert.Equal((4, 100L, TimeSpan.FromMinutes(2)), (c.Vus, c.Iterations, c.MaxDuration));
        var d = Executor<SharedIterations>(LoadScenario("executor: shared-iterations"));
        Assert.Equal((1, 1L, TimeSpan.FromMinutes(10)), (d.Vus, d.Iterations, d.MaxDuration));
    }

    [Fact]
    public void Per_vu_iterations_reads_options_and_defaults()
    {
        var c = Executor<PerVuIterations>(LoadScenario("executor: per-vu-iterations\nvus: 3\niterations: 5\nmaxDuration: 30s"));
        Assert.Equal((3, 5L, TimeSpan.FromSeconds(30)), (c.Vus, c.Iterations, c.MaxDuration));
        var d = Executor<PerVuIterations>(LoadScenario("executor: per-vu-iterations"));
        Assert.Equal((1, 1L, TimeSpan.FromMinutes(10)), (d.Vus, d.Iterations, d.MaxDuration));
    }

    [Fact]
    public void Constant_arrival_rate_reads_options_and_defaults()
    {
        var c = Executor<ConstantArrivalRate>(LoadScenario("""
            executor: constant-arrival-rate
            rate: 200
            timeUnit: 1m
            duration: 30s
            preAllocatedVUs: 20
            maxVUs: 100
            arrival: poisson
            """));
        Assert.Equal(200, c.Rate);
        Assert.Equal(TimeSpan.FromMinutes(1), c.TimeUnit);
        Assert.Equal(TimeSpan.FromSeconds(30), c.Duration);
        Assert.Equal(20, c.PreAllocatedVus);
        Assert.Equal(100, c.MaxVusOption);
        Assert.Equal(ArrivalDistribution.Poisson, c.Arrival);

        var d = Executor<ConstantArrivalRate>(LoadScenario("executor: constant-arrival-rate\nrate: 5\nduration: 5s\npreAllocatedVUs: 2"));
        Assert.Equal(TimeSpan.FromSeconds(1), d.TimeUnit);
        Assert.Null(d.MaxVusOption);
        Assert.Equal(2, d.MaxVus);
        Assert.Equal(ArrivalDistribution.Uniform, d.Arrival);
    }

    [Fact]
    public void Ramping_arrival_rate_reads_options_and_defaults()
    {
        var c = Executor<RampingArrivalRate>(LoadScenario("""
            executor: ramping-arrival-rate
            startRate: 2.5
            timeUnit: 2s
            preAllocatedVUs: 3
            maxVUs: 9
            arrival: uniform
            stages:
              - { duration: 10s, target: 50 }
            """));
        Assert.Equal(2.5, c.StartRate);
        Assert.Equal(TimeSpan.FromSeconds(2), c.TimeUnit);
        Assert.Equal(3, c.PreAllocatedVus);
        Assert.Equal(9, c.MaxVus);
        Assert.Equal([new Stage(TimeSpan.FromSeconds(10), 50)], c.Stages);

        var d = Executor<RampingArrivalRate>(LoadScenario("executor: ramping-arrival-rate\npreAllocatedVUs: 1\nstages: [{ duration: 1s, target: 1 }]"));
        Assert.Equal(0, d.StartRate);
        Assert.Equal(1, d.MaxVus);
    }

    [Fact]
    public void Scenarios_keep_file_order_tags_and_env()
    {
        var plan = Load("""
            scenarios:
              zeta:
                executor: shared-iterations
                tags: { team: web, tier: "1" }
                env: { A: x, N: 5 }
                flow: [{ request: GET http://h.test/ }]
              alpha:
                executor: shared-iterations
                flow: [{ request: GET http://h.test/ }]
            """);
        Assert.Equal(["zeta", "alpha"], plan.Scenarios.Select(s => s.Name));
        Assert.Equal(new Dictionary<string, string> { ["team"] = "web", ["tier"] = "1" }, plan.Scenarios[0].Tags);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "x", ["N"] = "5" }, plan.Scenarios[0].Env);
        Assert.Empty(plan.Scenarios[1].Tags);
    }

    [Fact]
    public void Exec_names_a_csharp_scenario_and_needs_the_code()
    {
        var e = Assert.Throws<ScenarioLoadException>(() => Load("""
            scenarios:
              api:
                executor: shared-iterations
                exec: Shop.Browse
                flow: [{ request: GET http://h.test/ }]
            """));
        Assert.Contains(e.Errors, x => x.Key == "scenarios.api.exec" && x.Message.Contains("--code PATH", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.Key == "scenarios.api.flow" && x.Message.Contains("runs C# code", StringComparison.Ordinal));
    }

    // ---- shortcut form and overrides -------------------------------------------------------------------------

    private const string ShortFlow = "flow: [{ request: GET http://h.test/ }]\n";

    [Fact]
    public void Shortcut_iterations_maps_to_shared_iterations()
    {
        var plan = Load(ShortFlow + "vus: 5\niterations: 50");
        var s = Assert.Single(plan.Scenarios);
        Assert.Equal(ScenarioLoader.DefaultScenarioName, s.Name);
        var c = Assert.IsType<SharedIterations>(s.Executor);
        Assert.Equal((5, 50L, SharedIterations.DefaultMaxDuration), (c.Vus, c.Iterations, c.MaxDuration));
    }

    [Fact]
    public void Shortcut_iterations_with_duration_uses_it_as_max_duration()
    {
        var c = Executor<SharedIterations>(Load(ShortFlow + "iterations: 10\nduration: 45s"));
        Assert.Equal((1, 10L, TimeSpan.FromSeconds(45)), (c.Vus, c.Iterations, c.MaxDuration));
    }

    [Fact]
    public void Shortcut_duration_maps_to_constant_vus()
    {
        var c = Executor<ConstantVus>(Load(ShortFlow + "vus: 3\nduration: 20s"));
        Assert.Equal((3, TimeSpan.FromSeconds(20)), (c.Vus, c.Duration));
    }

    [Fact]
    public void Shortcut_stages_maps_to_ramping_vus_with_vus_as_start()
    {
        var c = Executor<RampingVus>(Load(ShortFlow + "vus: 2\nstages: [{ duration: 5s, target: 10 }]"));
        Assert.Equal(2, c.StartVus);
        Assert.Equal([new Stage(TimeSpan.FromSeconds(5), 10)], c.Stages);
        Assert.Equal(1, Executor<RampingVus>(Load(ShortFlow + "stages: [{ duration: 5s, target: 10 }]")).StartVus);
    }

    [Fact]
    public void Shortcut_without_options_is_one_iteration_of_one_vu()
    {
        var c = Executor<SharedIterations>(Load(ShortFlow));
        Assert.Equal((1, 1L), (c.Vus, c.Iterations));
    }

    [Fact]
    public void Shortcut_vus_alone_runs_one_iteration_per_vu()
    {
        var c = Executor<SharedIterations>(Load(ShortFlow + "vus: 4"));
        Assert.Equal((4, 4L), (c.Vus, c.Iterations));
    }

    [Fact]
    public void Shortcut_weighted_requests_and_top_level_think_time()
    {
        var plan = Load("thinkTime: 1s..2s\nrequests:\n  - { weight: 2, request: GET http://h.test/a }\n  - request: GET http://h.test/b");
        var w = Http(plan.Scenarios[0]);
        Assert.Equal([2.0, 1.0], w.Requests.Select(r => r.Weight));
        Assert.Equal(new ThinkTime(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)), w.ThinkTime);
    }

    [Fact]
    public void Override_vus_replaces_the_files_vus()
    {
        var c = Executor<ConstantVus>(Load(ShortFlow + "vus: 3\nduration: 20s", new RunOverrides { Vus = 9 }));
        Assert.Equal((9, TimeSpan.FromSeconds(20)), (c.Vus, c.Duration));
    }

    [Fact]
    public void Override_duration_turns_an_iterations_file_into_constant_vus()
    {
        var c = Executor<ConstantVus>(Load(ShortFlow + "vus: 3\niterations: 100", new RunOverrides { Duration = TimeSpan.FromSeconds(30) }));
        Assert.Equal((3, TimeSpan.FromSeconds(30)), (c.Vus, c.Duration));
    }

    [Fact]
    public void Override_iterations_replaces_the_files_stages()
    {
        var c = Executor<SharedIterations>(Load(ShortFlow + "stages: [{ duration: 5s, target: 10 }]", new RunOverrides { Iterations = 12, Vus = 3 }));
        Assert.Equal((3, 12L, SharedIterations.DefaultMaxDuration), (c.Vus, c.Iterations, c.MaxDuration));
    }

    [Fact]
    public void Override_duration_and_iterations_together_make_shared_iterations_with_max_duration()
    {
        var c = Executor<SharedIterations>(Load(ShortFlow, new RunOverrides { Iterations = 20, Duration = TimeSpan.FromMinutes(1) }));
        Assert.Equal((1, 20L, TimeSpan.FromMinutes(1)), (c.Vus, c.Iterations, c.MaxDuration));
    }

    [Fact]
    public void Override_base_url_replaces_the_files_base_url_for_every_file()
    {
        var yaml = """
            baseUrl: http://127.0.0.1:5080
            scenarios:
              s:
                executor: shared-iterations
                flow: [{ request: GET /items }]
            """;
        var plan = Load(yaml, new RunOverrides { BaseUrl = new Uri("http://127.0.0.1:43210/") });
        Assert.Equal(new Uri("http://127.0.0.1:43210/"), plan.BaseUrl);
        Assert.Equal("http://127.0.0.1:43210/items", FirstRequest(plan.Scenarios[0]).Url.Text);
    }

    // ---- seed ----------------------------------------------------------------------------------------------

    [Fact]
    public void Seed_from_the_file_is_kept_and_loading_is_deterministic()
    {
        const string yaml = "seed: -17\n" + ShortFlow;
        var a = Load(yaml);
        var b = Load(yaml);
        Assert.Equal(-17, a.Seed);
        Assert.True(a.SeedFromFile);
        Assert.Equal(a.Seed, b.Seed);
        Assert.Equal(a.Scenarios[0].Executor, b.Scenarios[0].Executor);
        Assert.Equal(FirstRequest(a.Scenarios[0]).Url.Text, FirstRequest(b.Scenarios[0]).Url.Text);
    }

    [Fact]
    public void Without_a_seed_one_is_drawn()
    {
        var seeds = Enumerable.Range(0, 5).Select(_ => Load(ShortFlow)).ToList();
        Assert.All(seeds, p => Assert.False(p.SeedFromFile));
        Assert.All(seeds, p => Assert.InRange(p.Seed, 1, (1L << 53) - 1));
        Assert.True(seeds.Select(p => p.Seed).Distinct().Count() > 1);
    }

    // ---- requests ------------------------------------------------------------------------------------------

    private static IReadOnlyList<RequestSpec> Requests(string top, string flow)
    {
        var plan = Load($"""
            {top}
            scenarios:
              s:
                executor: shared-iterations
                flow:
            {Indent(flow, 6)}
            """);
        return Http(plan.Scenarios[0]).Flow.OfType<RequestStep>().Select(s => s.Request).ToList();
    }

    [Fact]
    public void Request_shorthand_and_long_form()
    {
        var r = Requests("baseUrl: http://h.test", """
            - request: get /a
            - request: { method: delete, url: /b }
            - request:
                url: /c
            """);
        Assert.Equal(["GET", "DELETE", "GET"], r.Select(x => x.Method));
        Assert.Equal(["http://h.test/a", "http://h.test/b", "http://h.test/c"], r.Select(x => x.Url.Text));
        Assert.Equal(["/a", "/b", "/c"], r.Select(x => x.Name));
    }

    [Theory]
    [InlineData("http://h.test", "/x", "http://h.test/x")]
    [InlineData("http://h.test/", "/x", "http://h.test/x")]
    [InlineData("https://h.test:8443/api/", "/v1/items?q={{vu}}", "https://h.test:8443/api/v1/items?q={{vu}}")]
    [InlineData("http://h.test", "http://other.test:81/y", "http://other.test:81/y")]
    public void Urls_resolve_against_base_url_keeping_variables(string baseUrl, string url, string expected)
    {
        var r = Requests($"baseUrl: {baseUrl}", $"- request: GET {url}");
        Assert.Equal(expected, r[0].Url.Text);
        Assert.Equal(url, r[0].Name);
    }

    [Fact]
    public void Url_variables_render_per_vu()
    {
        var r = Requests("baseUrl: http://h.test", "- request: GET /items/{{iteration}}?vu={{vu}}&s={{scenario}}");
        Assert.False(r[0].Url.IsConstant);
        Assert.Equal("http://h.test/items/7?vu=3&s=s", r[0].Url.Render(new Values(3, 7, "s")));
    }

    private sealed record Values(long Vu, long Iteration, string Scenario) : ITemplateValues
    {
        public string? GetVariable(string name) => null;
    }

    [Fact]
    public void Request_name_location_checks_timeout_and_expected_statuses()
    {
        var r = Requests("baseUrl: http://h.test", """
            - name: home
              request: GET /
              checks: { status: 200 }
              timeout: 5s
              expectedStatuses: [200, "300-399", 404]
            - request: GET /x
              checks: { status: [200, 201] }
            - request: GET /y
              checks: { status: "200-299" }
            """);
        Assert.Equal("home", r[0].Name);
        Assert.Equal(new SourceLocation(FileName, 7, 18), r[0].Location);
        var check = Assert.IsType<StatusCheck>(Assert.Single(r[0].Checks));
        Assert.Equal("status is 200", check.Name);
        Assert.True(check.Expected.Contains(200));
        Assert.False(check.Expected.Contains(201));
        Assert.Equal(TimeSpan.FromSeconds(5), r[0].Timeout);
        Assert.Equal("200,300-399,404", r[0].ExpectedStatuses!.ToString());
        Assert.Equal("status in 200,201", r[1].Checks[0].Name);
        Assert.Equal("status in 200-299", r[2].Checks[0].Name);
        Assert.Equal(TimeSpan.FromSeconds(60), r[1].Timeout);
        Assert.Equal(StatusSet.Default.ToString(), r[1].ExpectedStatuses!.ToString());
    }

    [Fact]
    public void Defaults_apply_and_request_headers_win_ignoring_case()
    {
        var plan = Load("""
            baseUrl: http://h.test
            defaults:
              headers: { Accept: application/json, X-Team: web }
              timeout: 30s
              expectedStatuses: ["200-299"]
            scenarios:
              s:
                executor: shared-iterations
                flow:
                  - request: GET /
                    headers: { accept: text/html, X-Trace: "{{vu}}-{{iteration}}" }
                  - request: GET /b
                    timeout: 1s
            """);
        Assert.Equal(TimeSpan.FromSeconds(30), plan.Defaults.Timeout);
        Assert.Equal("200-299", plan.Defaults.ExpectedStatuses.ToString());
        Assert.Equal(["Accept", "X-Team"], plan.Defaults.Headers.Select(h => h.Name));
        var flow = Http(plan.Scenarios[0]).Flow.Cast<RequestStep>().Select(s => s.Request).ToList();
        Assert.Equal(["X-Team", "accept", "X-Trace"], flow[0].Headers.Select(h => h.Name));
        Assert.Equal(["web", "text/html", "{{vu}}-{{iteration}}"], flow[0].Headers.Select(h => h.Value.Text));
        Assert.Equal(TimeSpan.FromSeconds(30), flow[0].Timeout);
        Assert.Equal(TimeSpan.FromSeconds(1), flow[1].Timeout);
        Assert.Equal("200-299", flow[1].ExpectedStatuses!.ToString());
        Assert.Equal(["Accept", "X-Team"], flow[1].Headers.Select(h => h.Name));
    }

    [Fact]
    public void Json_bodies_are_compact_json_and_body_is_text()
    {
        var r = Requests("baseUrl: http://h.test", """
            - request: POST /a
              json: { sku: "A-{{vu}}", qty: 1, price: 2.5, ok: true, none: null, list: [1, "2", x], nested: { "k": 'v' }, s: "<&>é" }
            - request: POST /b
              json: [1, 2]
            - request: POST /c
              json: hello
            - request: POST /d
              body: "a,b\n{{vu}},2"
            - request: POST /e
              headers: { content-type: application/vnd.api+json }
              json: { a: 1 }
            - request: GET /f
            """);
        Assert.Equal("""{"sku":"A-{{vu}}","qty":1,"price":2.5,"ok":true,"none":null,"list":[1,"2","x"],"nested":{"k":"v"},"s":"<&>é"}""", r[0].Body!.Text);
        Assert.Equal("application/json", r[0].ContentType);
        Assert.Equal("[1,2]", r[1].Body!.Text);
        Assert.Equal("\"hello\"", r[2].Body!.Text);
        Assert.Equal("a,b\n{{vu}},2", r[3].Body!.Text);
        Assert.Equal("text/plain", r[3].ContentType);
        Assert.Equal("application/vnd.api+json", r[4].ContentType);
        Assert.DoesNotContain(r[4].Headers, h => h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase));
        Assert.Null(r[5].Body);
        Assert.Null(r[5].ContentType);
    }

    [Fact]
    public void Env_lookup_order_is_scenario_env_then_dash_e_then_process()
    {
        var plan = Load("""
            baseUrl: http://h.test
            scenarios:
              s:
                executor: shared-iterations
                env: { A: scenario }
                flow:
                  - request: GET /{{env.A}}/{{env.B}}/{{env.C}}
                    headers: { X-A: "{{env.A}}" }
            """,
            env: new Dictionary<string, string> { ["A"] = "dash-e-a", ["B"] = "dash-e-b" },
            processEnv: n => n switch { "A" or "B" or "C" => "process-" + n, _ => null });
        var r = FirstRequest(plan.Scenarios[0]);
        Assert.True(r.Url.IsConstant);
        Assert.Equal("http://h.test/scenario/dash-e-b/process-C", r.Url.ConstantValue);
        Assert.Equal("scenario", r.Headers[0].Value.ConstantValue);
        Assert.Equal("/{{env.A}}/{{env.B}}/{{env.C}}", r.Name);
    }

    [Fact]
    public void Base_url_may_come_from_the_environment()
    {
        var plan = Load("baseUrl: \"{{env.TARGET}}\"\n" + "flow: [{ request: GET /x }]", env: new Dictionary<string, string> { ["TARGET"] = "http://t.test:9000/" });
        Assert.Equal(new Uri("http://t.test:9000/"), plan.BaseUrl);
        Assert.Equal("http://t.test:9000/x", FirstRequest(plan.Scenarios[0]).Url.ConstantValue);
    }

    [Fact]
    public void Think_steps_and_scenario_think_time()
    {
        var plan = Load("""
            thinkTime: 5s
            scenarios:
              s:
                executor: shared-iterations
                thinkTime: 100ms..300ms
                flow:
                  - request: GET http://h.test/
                  - think: 1s
                  - think: 0s..250ms
              t:
                executor: shared-iterations
                flow: [{ request: GET http://h.test/ }]
            """);
        var w = Http(plan.Scenarios[0]);
        Assert.Equal(new ThinkTime(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300)), w.ThinkTime);
        Assert.Equal(new ThinkTime(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), Assert.IsType<ThinkStep>(w.Flow[1]).Think);
        Assert.Equal(new ThinkTime(TimeSpan.Zero, TimeSpan.FromMilliseconds(250)), Assert.IsType<ThinkStep>(w.Flow[2]).Think);
        Assert.Equal(new ThinkTime(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)), Http(plan.Scenarios[1]).ThinkTime);
    }

    [Fact]
    public void Weighted_requests_default_to_weight_one()
    {
        var plan = Load("""
            baseUrl: http://h.test
            scenarios:
              api:
                executor: constant-arrival-rate
                rate: 10
                duration: 10s
                preAllocatedVUs: 2
                requests:
                  - { weight: 3, request: GET /json }
                  - { request: GET /delay/20, name: slow }
                  - weight: 0.25
                    request: POST /echo
                    body: hi
            """);
        var w = Http(plan.Scenarios[0]);
        Assert.Empty(w.Flow);
        Assert.Equal([3.0, 1.0, 0.25], w.Requests.Select(r => r.Weight));
        Assert.Equal(["/json", "slow", "/echo"], w.Requests.Select(r => r.Request.Name));
    }

    // ---- thresholds and summary ----------------------------------------------------------------------------

    [Fact]
    public void Thresholds_parse_keys_tags_and_items()
    {
        var plan = Load(ShortFlow + """
            thresholds:
              http_req_duration: ["p(95)<300", "p(99.9) <= 800"]
              "http_req_duration{name:home, method:GET}": ["avg<100"]
              http_reqs: [count>10]
              checks:
                - { threshold: "rate>0.99", abortOnFail: true, delayAbortEval: 10s }
            """);
        Assert.Equal(4, plan.Thresholds.Count);
        var d = plan.Thresholds[0];
        Assert.Equal(("http_req_duration", "http_req_duration"), (d.Key, d.Metric));
        Assert.Empty(d.TagFilter);
        Assert.Equal(ThresholdAggregation.Percentile, d.Expressions[0].Aggregation);
        Assert.Equal(95, d.Expressions[0].Percentile);
        Assert.Equal(ThresholdOperator.Less, d.Expressions[0].Operator);
        Assert.Equal(300, d.Expressions[0].Value);
        Assert.Equal(new SourceLocation(FileName, 3, 23), d.Expressions[0].Location);
        Assert.Equal(99.9, d.Expressions[1].Percentile);
        var tagged = plan.Thresholds[1];
        Assert.Equal("http_req_duration{name:home, method:GET}", tagged.Key);
        Assert.Equal(new Dictionary<string, string> { ["name"] = "home", ["method"] = "GET" }, tagged.TagFilter);
        Assert.Equal(ThresholdAggregation.Count, plan.Thresholds[2].Expressions[0].Aggregation);
        var c = plan.Thresholds[3].Expressions[0];
        Assert.True(c.AbortOnFail);
        Assert.Equal(TimeSpan.FromSeconds(10), c.DelayAbortEval);
        Assert.Equal("rate>0.99", c.Source);
    }

    [Fact]
    public void Threshold_keys_read_as_k6_reads_them_quotes_stripped_and_braces_inside_values()
    {
        var plan = Load(ShortFlow + """
            thresholds:
              "http_req_duration{name:'home'}": ["max<1"]
              'http_req_duration{"name":"login", method : "GET"}': ["max<1"]
              "http_req_duration{name:http://${}.com}": ["max<1"]
            """);
        Assert.Equal(new Dictionary<string, string> { ["name"] = "home" }, plan.Thresholds[0].TagFilter);
        Assert.Equal("http_req_duration{name:'home'}", plan.Thresholds[0].Key);
        Assert.Equal(new Dictionary<string, string> { ["name"] = "login", ["method"] = "GET" }, plan.Thresholds[1].TagFilter);
        Assert.Equal(new Dictionary<string, string> { ["name"] = "http://${}.com" }, plan.Thresholds[2].TagFilter);
    }

    [Fact]
    public void A_null_abortOnFail_or_delayAbortEval_is_as_if_absent_as_in_k6()
    {
        // grafana/k6 metrics/thresholds_test.go, TestThresholdsJSON: {"threshold":"rate<0.01","abortOnFail":true,"delayAbortEval":null}
        var plan = Load(ShortFlow + """
            thresholds:
              http_req_failed:
                - { threshold: "rate<0.01", abortOnFail: true, delayAbortEval: null }
                - { threshold: "rate<0.02", abortOnFail: null, delayAbortEval: ~ }
                - { threshold: "rate<0.03", abortOnFail: , delayAbortEval: 2s }
            """);
        var e = plan.Thresholds.Single().Expressions;
        Assert.Equal((true, TimeSpan.Zero), (e[0].AbortOnFail, e[0].DelayAbortEval));
        Assert.Equal((false, TimeSpan.Zero), (e[1].AbortOnFail, e[1].DelayAbortEval));
        Assert.Equal((false, TimeSpan.FromSeconds(2)), (e[2].AbortOnFail, e[2].DelayAbortEval));
    }

    [Fact]
    public void Strict_thresholds_come_from_the_file_or_the_command_line()
    {
        Assert.False(Load(ShortFlow).StrictThresholds);
        Assert.True(Load(ShortFlow + "strictThresholds: true").StrictThresholds);
        Assert.False(Load(ShortFlow + "strictThresholds: false").StrictThresholds);
        Assert.True(Load(ShortFlow, new RunOverrides { StrictThresholds = true }).StrictThresholds);
        // The command line can only make it stricter: --strict-thresholds wins over the file's false.
        Assert.True(Load(ShortFlow + "strictThresholds: false", new RunOverrides { StrictThresholds = true }).StrictThresholds);
    }

    [Fact]
    public void Summary_trend_stats_default_and_custom()
    {
        Assert.Equal(TestPlan.DefaultTrendStats, Load(ShortFlow).SummaryTrendStats);
        Assert.Equal(["avg", "p(99)", "p(99.99)", "max"], Load(ShortFlow + "summaryTrendStats: [avg, p(99), p( 99.99 ), max]").SummaryTrendStats);
    }

    [Fact]
    public void Yaml_anchors_and_comments_are_supported()
    {
        var plan = Load("""
            # a comment
            baseUrl: http://h.test
            scenarios:
              a:
                executor: shared-iterations
                flow: &steps
                  - request: GET /shared   # trailing comment
              b:
                executor: per-vu-iterations
                flow: *steps
            """);
        Assert.Equal("http://h.test/shared", FirstRequest(plan.Scenarios[1]).Url.Text);
    }
}
