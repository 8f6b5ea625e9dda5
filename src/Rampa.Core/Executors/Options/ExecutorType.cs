namespace Rampa.Core.Executors;

/// <summary>
/// One executor as a kind: its name, its options (which keys, which required) and how it reads them. Each executor
/// declares its own (<c>ConstantVus.Type</c>, ...); <see cref="ExecutorRegistry"/> lists them.
/// </summary>
public sealed class ExecutorType(string name, IReadOnlyList<string> options, IReadOnlyList<string> required,
    Func<IExecutorOptionSource, ExecutorConfig> read)
{
    /// <summary>Options every executor has, besides its own.</summary>
    public static readonly IReadOnlyList<string> CommonOptions = ["startTime", "gracefulStop"];

    /// <summary>The name as written in a scenario, e.g. <c>constant-vus</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The executor's own options (not <see cref="CommonOptions"/>).</summary>
    public IReadOnlyList<string> Options { get; } = options;

    /// <summary>Options it cannot do without.</summary>
    public IReadOnlyList<string> Required { get; } = required;

    /// <summary>
    /// Builds the executor from <paramref name="source"/>: reports missing required options, reads its own options and
    /// the common ones, validates, and reports each validation error. Null when anything was reported.
    /// </summary>
    public ExecutorConfig? Build(IExecutorOptionSource source)
    {
        var before = source.ErrorCount;
        foreach (var option in Required)
            if (!source.Has(option)) source.ReportMissing(option, Name);
        var config = read(source);
        if (source.Duration("startTime") is { } startTime) config = config with { StartTime = startTime };
        if (source.Duration("gracefulStop") is { } gracefulStop) config = config with { GracefulStop = gracefulStop };
        foreach (var error in config.Validate()) source.ReportInvalid(error);
        return source.ErrorCount == before ? config : null;
    }

    public override string ToString() => Name;
}
