using Rampa.Core.Executors;

namespace Rampa.Core.Scenarios.Yaml;

/// <summary>
/// The shortcut form: a file with a top-level <c>flow</c> or <c>requests</c> and k6's shortcut options
/// (<c>vus</c>, <c>duration</c>, <c>iterations</c>, <c>stages</c>) makes one scenario named <c>default</c>, mapped as
/// k6 maps them:
/// <list type="bullet">
/// <item><c>iterations</c> → shared-iterations (vus, iterations; <c>duration</c>, if also given, is its maxDuration)</item>
/// <item><c>duration</c> → constant-vus (vus, duration)</item>
/// <item><c>stages</c> → ramping-vus (startVUs = vus, default 1)</item>
/// <item><c>vus</c> alone → shared-iterations with as many iterations as VUs; nothing → shared-iterations, 1 VU, 1 iteration</item>
/// </list>
/// Command-line <c>--vus</c>/<c>--duration</c>/<c>--iterations</c> replace the file's values first; as in k6, a
/// <c>--duration</c> or <c>--iterations</c> replaces the file's whole choice (its duration, iterations and stages).
/// </summary>
internal static class ShortcutReader
{
    public static readonly IReadOnlyList<string> Options = ["vus", "duration", "iterations", "stages"];

    public static ScenarioPlan? Read(LoadContext ctx, PlanGlobals globals, Fields root)
    {
        var before = ctx.ErrorCount;
        var overrides = globals.Source.Overrides;
        var reader = new YamlExecutorOptions(ctx, root);
        var vus = reader.Int("vus");
        var duration = reader.Duration("duration");
        var iterations = reader.Long("iterations");
        var stages = reader.Stages("stages");
        bool hasDuration = root.Has("duration"), hasIterations = root.Has("iterations"), hasStages = root.Has("stages");

        // Overrides come first; as in k6, --duration or --iterations resets the file's duration, iterations and stages.
        var fromOverride = new HashSet<string>(StringComparer.Ordinal);
        if (overrides.Duration is not null || overrides.Iterations is not null)
        {
            (hasDuration, hasIterations, hasStages) = (false, false, false);
            (duration, iterations, stages) = (null, null, null);
            foreach (var o in new[] { "duration", "iterations", "stages" }) reader.Unmark(o);
        }
        if (overrides.Vus is { } v) { vus = v; fromOverride.Add("vus"); reader.Unmark("vus"); }
        if (overrides.Duration is { } d) { duration = d; hasDuration = true; fromOverride.Add("duration"); }
        if (overrides.Iterations is { } i) { iterations = i; hasIterations = true; fromOverride.Add("iterations"); }

        if (hasStages && (hasDuration || hasIterations))
        {
            var other = hasDuration ? "duration" : "iterations";
            ctx.Error(root["stages"]!.Key, "stages",
                $"'stages' and '{other}' cannot be used together (they pick different executors); use 'scenarios' to combine executors");
            return null;
        }

        ExecutorConfig config;
        Func<string, string> fileOption;
        if (hasIterations)
        {
            var shared = new SharedIterations { Vus = vus ?? 1, Iterations = iterations ?? 1 };
            config = hasDuration && duration is { } max ? shared with { MaxDuration = max } : shared;
            fileOption = o => o == "maxDuration" ? "duration" : o;
        }
        else if (hasDuration)
        {
            config = new ConstantVus { Vus = vus ?? 1, Duration = duration ?? TimeSpan.Zero };
            fileOption = o => o;
        }
        else if (hasStages)
        {
            config = new RampingVus { StartVus = vus ?? 1, Stages = stages ?? [] };
            fileOption = o => o == "startVUs" ? "vus" : o;
        }
        else if (vus is { } only)
        {
            config = new SharedIterations { Vus = only, Iterations = only };
            fileOption = o => o == "iterations" ? "vus" : o;
        }
        else
        {
            config = new SharedIterations();
            fileOption = o => o;
        }

        var workloadField = root["flow"] ?? root["requests"];
        var fallback = workloadField is null ? ctx.At(root.Node) : ctx.At(workloadField.Key);
        reader.ReportValidation(config, option =>
        {
            var name = fileOption(option);
            if (fromOverride.Contains(name)) return (ctx.At(root.Node), $"--{name}", true);
            return reader.Locate(name, fallback);
        }, fileOption);

        var scope = globals.ScopeFor(ctx, new Dictionary<string, string>());
        var workload = WorkloadReader.Read(ctx, root, scope, globals.ThinkTime, root.Node, "");
        if (ctx.ErrorCount != before || workload is null) return null;
        return new ScenarioPlan { Name = ScenarioLoader.DefaultScenarioName, Executor = config, Workload = workload, DataSources = scope.Data.Used };
    }
}
