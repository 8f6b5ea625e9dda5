using Rampa.Core.Executors;

namespace Rampa.Core.Scenarios.Yaml;

/// <summary>Which keys a scenario may have: the common ones, and each executor's own options (docs/semantics.md#executors).</summary>
internal static class ExecutorOptions
{
    /// <summary>Keys every scenario has, whatever its executor.</summary>
    public static readonly IReadOnlyList<string> Common =
        ["executor", "startTime", "gracefulStop", "tags", "env", "exec", "thinkTime", "flow", "requests", .. ScenarioRequestOptions.Keys];

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> ByKind = new Dictionary<string, IReadOnlyList<string>>
    {
        [ConstantVus.Name] = ["vus", "duration"],
        [RampingVus.Name] = ["startVUs", "stages", "gracefulRampDown"],
        [SharedIterations.Name] = ["vus", "iterations", "maxDuration"],
        [PerVuIterations.Name] = ["vus", "iterations", "maxDuration"],
        [ConstantArrivalRate.Name] = ["rate", "timeUnit", "duration", "preAllocatedVUs", "maxVUs", "arrival"],
        [RampingArrivalRate.Name] = ["startRate", "timeUnit", "stages", "preAllocatedVUs", "maxVUs", "arrival"],
    };

    /// <summary>Options an executor cannot do without.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Required = new Dictionary<string, IReadOnlyList<string>>
    {
        [ConstantVus.Name] = ["duration"],
        [RampingVus.Name] = ["stages"],
        [SharedIterations.Name] = [],
        [PerVuIterations.Name] = [],
        [ConstantArrivalRate.Name] = ["rate", "duration", "preAllocatedVUs"],
        [RampingArrivalRate.Name] = ["stages", "preAllocatedVUs"],
    };

    /// <summary>Every executor option of any executor.</summary>
    public static readonly IReadOnlySet<string> AnyExecutorOption = ByKind.Values.SelectMany(v => v).ToHashSet(StringComparer.Ordinal);

    public static string KindList => string.Join(", ", ExecutorConfig.Kinds);
}
