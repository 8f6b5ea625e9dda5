namespace Rampa.Core.Executors;

/// <summary>Every executor, in the order the docs list them: the one place that knows them all.</summary>
public static class ExecutorRegistry
{
    public static IReadOnlyList<ExecutorType> All { get; } =
    [
        ConstantVus.Type, RampingVus.Type, SharedIterations.Type, PerVuIterations.Type,
        ConstantArrivalRate.Type, RampingArrivalRate.Type,
    ];

    /// <summary>Every executor's name, in the docs' order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(t => t.Name)];

    /// <summary>"constant-vus, ramping-vus, ...": for messages.</summary>
    public static string NameList { get; } = string.Join(", ", Names);

    /// <summary>Every option of any executor (not the common ones).</summary>
    public static IReadOnlySet<string> AnyOption { get; } = All.SelectMany(t => t.Options).ToHashSet(StringComparer.Ordinal);

    /// <summary>The executor named <paramref name="name"/>, or null.</summary>
    public static ExecutorType? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
