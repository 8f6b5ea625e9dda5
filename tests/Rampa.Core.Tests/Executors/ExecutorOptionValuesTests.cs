using Rampa.Core.Executors;
using static Rampa.Core.Tests.Executors.ExecutorTestHelpers;

namespace Rampa.Core.Tests.Executors;

/// <summary>
/// Executors built from plain text values (as C# attribute values give them), through the same option names, defaults,
/// required options and validation as a scenario file.
/// </summary>
public class ExecutorOptionValuesTests
{
    private static ExecutorConfig Build(string executor, ExecutorOptionValues values)
    {
        var config = values.Build(executor);
        Assert.True(config is not null, string.Join("; ", values.Errors.Select(e => $"{e.Option}: {e.Message}")));
        Assert.Empty(values.Errors);
        return config;
    }

    [Fact]
    public void All_six_executors_build_from_text_values()
    {
        Assert.Equal(new ConstantVus { Vus = 10, Duration = D("1m") },
            Build("constant-vus", new ExecutorOptionValues().Set("vus", "10").Set("duration", "1m")));

        var ramping = (RampingVus)Build("ramping-vus",
            new ExecutorOptionValues().Set("startVUs", "0").Set("stages", "30s:50", " 1m : 100 ").Set("gracefulRampDown", "5s"));
        Assert.Equal(0, ramping.StartVus);
        Assert.Equal(Stages("30s:50,1m:100"), ramping.Stages);
        Assert.Equal(D("5s"), ramping.GracefulRampDown);
        Assert.Equal(1, ((RampingVus)Build("ramping-vus", new ExecutorOptionValues().Set("stages", "10s:5"))).StartVus); // the default

        Assert.Equal(new SharedIterations { Vus = 4, Iterations = 100, MaxDuration = D("2m") },
            Build("shared-iterations", new ExecutorOptionValues().Set("vus", "4").Set("iterations", "100").Set("maxDuration", "2m")));

        Assert.Equal(new PerVuIterations { Vus = 3, Iterations = 7 },
            Build("per-vu-iterations", new ExecutorOptionValues().Set("vus", "3").Set("iterations", "7")));

        Assert.Equal(
            new ConstantArrivalRate
            {
                Rate = 100, TimeUnit = D("1s"), Duration = D("1m"), PreAllocatedVus = 10, MaxVusOption = 50,
                Arrival = ArrivalDistribution.Poisson, StartTime = D("10s"), GracefulStop = D("0s"),
            },
            Build("constant-arrival-rate", new ExecutorOptionValues(new Dictionary<string, IReadOnlyList<string>>
            {
                ["rate"] = ["100"], ["timeUnit"] = ["1s"], ["duration"] = ["1m"], ["preAllocatedVUs"] = ["10"], ["maxVUs"] = ["50"],
                ["arrival"] = ["poisson"], ["startTime"] = ["10s"], ["gracefulStop"] = ["0s"],
            })));

        var rampingRate = (RampingArrivalRate)Build("ramping-arrival-rate",
            new ExecutorOptionValues().Set("startRate", "2.5").Set("timeUnit", "1m").Set("stages", "30s:50", "1m:100")
                .Set("preAllocatedVUs", "5").Set("arrival", "uniform"));
        Assert.Equal(2.5, rampingRate.StartRate);
        Assert.Equal(D("1m"), rampingRate.TimeUnit);
        Assert.Equal(Stages("30s:50,1m:100"), rampingRate.Stages);
        Assert.Equal(5, rampingRate.PreAllocatedVus);
        Assert.Equal(5, rampingRate.MaxVus);
        Assert.Equal(ArrivalDistribution.Uniform, rampingRate.Arrival);
    }

    [Fact]
    public void Every_registered_executor_builds_and_is_found_by_its_name()
    {
        Assert.Equal(ExecutorConfig.Kinds, ExecutorRegistry.All.Select(t => t.Name));
        foreach (var type in ExecutorRegistry.All)
        {
            var values = new ExecutorOptionValues();
            foreach (var option in type.Required)
                values.Set(option, option == "stages" ? ["10s:5"] : option.Contains("uration", StringComparison.Ordinal) ? ["10s"] : ["5"]);
            Assert.Equal(type.Name, Build(type.Name, values).Kind);
            Assert.Same(type, ExecutorRegistry.Find(type.Name));
        }
    }

    [Fact]
    public void A_bad_duration_names_its_option_and_the_value()
    {
        var values = new ExecutorOptionValues().Set("rate", "100").Set("duration", "1x").Set("preAllocatedVUs", "10");
        Assert.Null(values.Build("constant-arrival-rate"));
        var error = Assert.Single(values.Errors); // not also "must be at least 1s": a bad value is told once
        Assert.Equal("duration", error.Option);
        Assert.Contains("'1x' is not a duration", error.Message);
    }

    [Fact]
    public void A_missing_required_option_is_named_with_its_executor()
    {
        var values = new ExecutorOptionValues().Set("rate", "100").Set("duration", "1m");
        Assert.Null(values.Build("constant-arrival-rate"));
        var error = Assert.Single(values.Errors);
        Assert.Equal(new OptionError("preAllocatedVUs", "missing required option 'preAllocatedVUs' for executor 'constant-arrival-rate'"), error);
    }

    [Fact]
    public void Bad_values_unknown_options_and_validation_are_all_told_by_option()
    {
        var values = new ExecutorOptionValues()
            .Set("vus", "ten").Set("duration", "30").Set("rate", "5").Set("iterations", "1.5");
        Assert.Null(values.Build("constant-vus"));
        var byOption = values.Errors.ToDictionary(e => e.Option, e => e.Message);
        Assert.Equal(["duration", "iterations", "rate", "vus"], byOption.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("expected an integer, got 'ten'", byOption["vus"]);
        Assert.Contains("'30' has no unit", byOption["duration"]);
        Assert.StartsWith("unknown option 'rate' for executor 'constant-vus'; it has vus, duration", byOption["rate"]);

        var stages = new ExecutorOptionValues().Set("stages", "30s:50", "oops", "1m:-3").Set("arrival", "burst").Set("preAllocatedVUs", "1");
        Assert.Null(stages.Build("ramping-arrival-rate"));
        Assert.Equal(["arrival", "stages[1]", "stages[2].target"], stages.Errors.Select(e => e.Option).Order(StringComparer.Ordinal));
        Assert.Contains("expected a stage as duration:target", stages.Errors.Single(e => e.Option == "stages[1]").Message);
        Assert.Equal("expected uniform or poisson, got 'burst'", stages.Errors.Single(e => e.Option == "arrival").Message);

        var valid = new ExecutorOptionValues().Set("vus", "5").Set("iterations", "2");
        Assert.Null(valid.Build("shared-iterations"));
        Assert.Equal(new OptionError("iterations", "must be at least vus (5); got 2"), Assert.Single(valid.Errors));

        var defaults = new ExecutorOptionValues().Set("rate", "5").Set("duration", "1m").Set("preAllocatedVUs", "10").Set("maxVUs", "2");
        Assert.Null(defaults.Build("constant-arrival-rate"));
        Assert.Equal("maxVUs", Assert.Single(defaults.Errors).Option);

        var unknown = new ExecutorOptionValues();
        Assert.Null(unknown.Build("constant-vu"));
        Assert.Equal("executor", Assert.Single(unknown.Errors).Option);
        Assert.Contains("unknown executor 'constant-vu'; did you mean 'constant-vus'?", unknown.Errors[0].Message);
    }
}
