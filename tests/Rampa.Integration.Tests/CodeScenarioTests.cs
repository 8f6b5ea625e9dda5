using System.Security;

namespace Rampa.Integration.Tests;

/// <summary>
/// C# scenario projects end to end: small projects written into the workspace (referencing the repository's
/// Rampa.Sdk project), run by the built CLI (`rampa run FOLDER --base-url`) against the demo target. Counts are exact
/// by construction (shared-iterations) and the runs are short.
/// </summary>
[Collection("cli")]
public sealed class CodeScenarioTests : TargetTest
{
    private static readonly string SdkProject = Path.Combine(RampaProcess.RepoRoot, "src", "Rampa.Sdk", "Rampa.Sdk.csproj");

    /// <summary>Writes a scenario project named <paramref name="name"/> with one source file; returns its folder.</summary>
    private string Project(string name, string code)
    {
        Directory.CreateDirectory(Path.Combine(Ws.Dir, name));
        Ws.Write(Path.Combine(name, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{SecurityElement.Escape(SdkProject)}" Private="false" />
              </ItemGroup>
            </Project>
            """);
        Ws.Write(Path.Combine(name, "Scenarios.cs"), code);
        return Path.Combine(Ws.Dir, name);
    }

    private Task<RampaRun> RunAsync(string folder) =>
        RampaProcess.RunAsync(Ws.Dir, TimeSpan.FromMinutes(3), null, "run", folder, "--base-url", Target.BaseUrl.ToString().TrimEnd('/'));

    private static void NoStackTrace(RampaRun run) => Assert.DoesNotContain("   at ", run.Output, StringComparison.Ordinal);

    [Fact]
    public async Task Shared_iterations_in_CSharp_make_exactly_the_requests_asked_for_setup_data_reaches_every_VU_and_teardown_runs_once()
    {
        var folder = Project("Counts", """
            using Rampa.Sdk;

            namespace Counts;

            public sealed record Data(string Prefix);

            public static class Scenarios
            {
                [Setup]
                public static Task<Data> Setup(Worker worker) => Task.FromResult(new Data("setup-made"));

                [Scenario(Executor = "shared-iterations", Vus = 3, Iterations = 30, MaxDuration = "30s")]
                public static async Task Run(Worker worker)
                {
                    var r = await worker.Http.GetAsync($"/items/{worker.SetupData<Data>().Prefix}", name: "item");
                    worker.Check(r, "200", x => x.Status == 200);
                }

                [Teardown]
                public static async Task Teardown(Worker worker) => await worker.Http.GetAsync("/teardown-marker");
            }
            """);
        var run = await RunAsync(folder);
        Assert.True(run.ExitCode == 0, run.Output);
        NoStackTrace(run);
        using var summary = Ws.Summary();
        Assert.Equal(30, summary.Count("iterations"));
        // The teardown's request is not in summary.json's http_reqs yet (k6 counts it): the teardown runs after the
        // summary's metrics are taken. The iterations' requests are exact.
        Assert.True(summary.Count("http_reqs") >= 30, run.Output);
        Assert.Equal(30, Target.CountFor("/items/setup-made"));
        Assert.Equal(1, Target.CountFor("/teardown-marker"));
    }

    [Fact]
    public async Task An_exception_in_every_10th_iteration_is_counted_with_type_and_place_and_the_thresholds_decide_the_exit()
    {
        var folder = Project("Throws", """
            using Rampa.Sdk;

            [assembly: Threshold("http_req_failed", "rate<0.01")]

            namespace Throws;

            public static class Scenarios
            {
                private static int _n;

                [Scenario(Executor = "shared-iterations", Vus = 2, Iterations = 50, MaxDuration = "30s")]
                public static async Task Run(Worker worker)
                {
                    await worker.Http.GetAsync("/");
                    if (Interlocked.Increment(ref _n) % 10 == 0) throw new InvalidOperationException("every 10th");
                }
            }
            """);
        var run = await RunAsync(folder);
        Assert.True(run.ExitCode == 0, run.Output);
        NoStackTrace(run);
        using var summary = Ws.Summary();
        Assert.Equal(5, summary.Count("iteration_errors"));
        Assert.Contains("  █ ERRORS", run.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"\n\s+5  InvalidOperationException  Scenarios\.cs:\d+\s+InvalidOperationException: every 10th", run.Stdout);
    }

    [Fact]
    public async Task A_failing_custom_metric_threshold_exits_99()
    {
        var folder = Project("Custom", """
            using Rampa.Sdk;

            [assembly: Threshold("orders", "count>1000")]

            namespace Custom;

            public static class Scenarios
            {
                public static readonly Counter Orders = new("orders");

                [Scenario(Executor = "per-vu-iterations", Vus = 2, Iterations = 3, MaxDuration = "30s")]
                public static async Task Run(Worker worker)
                {
                    await worker.Http.GetAsync("/");
                    Orders.Add(1);
                }
            }
            """);
        var run = await RunAsync(folder);
        Assert.True(run.ExitCode == 99, run.Output);
        using var summary = Ws.Summary();
        Assert.Equal(6, summary.Count("orders"));
    }

    [Fact]
    public async Task A_compile_error_exits_107_with_file_line_and_column()
    {
        var folder = Project("Broken", """
            namespace Broken;

            public static class Scenarios
            {
                public static void Run() { int x = "not a number"; }
            }
            """);
        var run = await RunAsync(folder);
        Assert.True(run.ExitCode == 107, run.Output);
        Assert.Matches(@"Scenarios\.cs\(5,\d+\)|Scenarios\.cs:5:\d+", run.Output);
        Assert.Equal(0, Target.RequestCount);
    }

    [Fact]
    public async Task A_bad_duration_in_an_attribute_exits_104_naming_the_method_and_the_value()
    {
        var folder = Project("BadAttr", """
            using Rampa.Sdk;

            namespace BadAttr;

            public static class Scenarios
            {
                [Scenario(Executor = "constant-vus", Vus = 1, Duration = "1x")]
                public static Task Hammer(Worker worker) => Task.CompletedTask;
            }
            """);
        var run = await RunAsync(folder);
        Assert.True(run.ExitCode == 104, run.Output);
        Assert.Contains("Hammer", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("1x", run.Stderr, StringComparison.Ordinal);
        NoStackTrace(run);
        Assert.Equal(0, Target.RequestCount);
    }

    [Fact]
    public async Task Worker_Abort_exits_108_and_still_writes_the_summary()
    {
        var folder = Project("Aborts", """
            using Rampa.Sdk;

            namespace Aborts;

            public static class Scenarios
            {
                [Scenario(Executor = "constant-vus", Vus = 1, Duration = "20s")]
                public static async Task Run(Worker worker)
                {
                    await worker.Http.GetAsync("/");
                    if (worker.Iteration >= 2) worker.Abort("enough seen");
                }
            }
            """);
        var run = await RunAsync(folder);
        Assert.True(run.ExitCode == 108, run.Output);
        NoStackTrace(run);
        using var summary = Ws.Summary();
        Assert.Equal("aborted-by-scenario", summary.State());
    }

    [Fact]
    public async Task A_setup_that_throws_exits_107_before_any_load()
    {
        var folder = Project("SetupThrows", """
            using Rampa.Sdk;

            namespace SetupThrows;

            public static class Scenarios
            {
                [Setup]
                public static async Task<int> Setup(Worker worker)
                {
                    await worker.Http.GetAsync("/setup-probe");
                    throw new InvalidOperationException("no data");
                }

                [Scenario(Executor = "constant-vus", Vus = 2, Duration = "5s")]
                public static async Task Run(Worker worker) => await worker.Http.GetAsync("/load");
            }
            """);
        var run = await RunAsync(folder);
        Assert.True(run.ExitCode == 107, run.Output);
        NoStackTrace(run);
        Assert.Equal(0, Target.CountFor("/load"));
        Assert.Equal(1, Target.CountFor("/setup-probe"));
    }
}
