using Rampa.Core.Executors;
using Rampa.Core.Scenarios;
using Rampa.Core.Workloads.Code;
using Rampa.Sdk;

namespace Rampa.Core.Tests.Workloads;

/// <summary>Scenarios declared in this test assembly, read back through a collectible context as a user's would be.</summary>
public static class CodePlanSamples
{
    public static readonly Trend CartTime = new("cart_time", isTime: true);

    [Scenario(Executor = "ramping-vus", StartVUs = 2, Stages = new[] { "30s:50", "1m:100", "30s:0" }, Tags = new[] { "team=web" })]
    public static Task Browse(Worker worker) => Task.CompletedTask;

    [Scenario(Name = "checkout", Executor = "constant-arrival-rate", Rate = 100, Duration = "1m", PreAllocatedVUs = 10, MaxVUs = 50, Arrival = "poisson")]
    public static ValueTask Checkout(Worker worker) => ValueTask.CompletedTask;
}

public sealed class CodePlanLoaderTests
{
    private static TestPlan LoadThisAssembly(string yaml = "")
    {
        using var code = CodeLoadContext.Load(typeof(CodePlanSamples).Assembly.Location);
        return CodePlanLoader.Load(new ScenarioSource { FileName = "samples.dll", Text = yaml }, code, _ => null);
    }

    [Fact]
    public void Attributes_become_the_same_executors_a_yaml_file_gives()
    {
        var plan = LoadThisAssembly();
        var browse = plan.Scenarios.Single(s => s.Name == "Browse");
        var ramping = Assert.IsType<RampingVus>(browse.Executor);
        Assert.Equal(2, ramping.StartVus);
        Assert.Equal([new Stage(TimeSpan.FromSeconds(30), 50), new Stage(TimeSpan.FromMinutes(1), 100), new Stage(TimeSpan.FromSeconds(30), 0)], ramping.Stages);
        Assert.Equal("web", browse.Tags["team"]);
        Assert.IsType<CodeWorkload>(browse.Workload);

        var rate = Assert.IsType<ConstantArrivalRate>(plan.Scenarios.Single(s => s.Name == "checkout").Executor);
        Assert.Equal(100, rate.Rate);
        Assert.Equal(TimeSpan.FromMinutes(1), rate.Duration);
        Assert.Equal(50, rate.MaxVus);
        Assert.Equal(ArrivalDistribution.Poisson, rate.Arrival);
    }

    [Fact]
    public void A_yaml_file_names_the_methods_with_exec_and_may_threshold_their_custom_metrics()
    {
        var plan = LoadThisAssembly("""
            scenarios:
              api:
                executor: shared-iterations
                iterations: 7
                exec: CodePlanSamples.Checkout
            thresholds:
              cart_time: ["p(95)<300"]
            """);
        var api = Assert.Single(plan.Scenarios);
        Assert.Equal(7, Assert.IsType<SharedIterations>(api.Executor).Iterations);
        Assert.Equal("Checkout", Assert.IsType<CodeWorkload>(api.Workload).Scenario.Method.Name);
        Assert.Equal("cart_time", Assert.Single(plan.Thresholds).Metric);
    }

    [Fact]
    public void An_exec_that_names_no_method_is_told_with_the_ones_that_exist()
    {
        var e = Assert.Throws<ScenarioLoadException>(() => LoadThisAssembly("""
            scenarios:
              api:
                executor: shared-iterations
                exec: CodePlanSamples.Chekout
            """));
        var error = Assert.Single(e.Errors);
        Assert.Equal("scenarios.api.exec", error.Key);
        Assert.Contains("CodePlanSamples.Checkout", error.Message);
    }

    [Fact]
    public void A_custom_metric_that_takes_a_wrong_aggregation_is_refused_like_a_builtin_one()
    {
        var e = Assert.Throws<ScenarioLoadException>(() => LoadThisAssembly("""
            scenarios:
              api: { executor: shared-iterations, exec: Checkout }
            thresholds:
              cart_time: ["rate<0.1"]
            """));
        Assert.Contains("cart_time, a Trend metric", Assert.Single(e.Errors).Message);
    }
}
