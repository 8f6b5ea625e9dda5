using System.Globalization;
using System.Text.RegularExpressions;
using Rampa.Core.Executors;
using YamlDotNet.RepresentationModel;

namespace Rampa.Core.Scenarios.Yaml;

/// <summary>
/// Reads executor options from a mapping (a scenario, or the top level for the shortcut form), builds the
/// <see cref="ExecutorConfig"/> and reports its <see cref="ExecutorConfig.Validate"/> errors at the options' keys.
/// Options whose values did not parse (or are missing) are not validated again, so each problem is told once.
/// </summary>
internal sealed partial class ExecutorReader(LoadContext ctx, Fields fields)
{
    private readonly HashSet<string> _bad = new(StringComparer.Ordinal);

    [GeneratedRegex(@"^(?<name>[A-Za-z]+)(\[(?<index>\d+)\])?(\.(?<sub>[A-Za-z]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex OptionPath();

    public Fields Fields => fields;

    /// <summary>Marks an option as already reported (a bad value, a missing required option).</summary>
    public void MarkBad(string option) => _bad.Add(option);

    /// <summary>Forgets an option's reported problems (its value is replaced, e.g. by a command-line override).</summary>
    public void Unmark(string option) =>
        _bad.RemoveWhere(b => b == option || b.StartsWith(option + "[", StringComparison.Ordinal));

    /// <summary>
    /// Builds the executor of a scenario: reports missing required options at the <c>executor</c> key, reads the
    /// kind's options and the common <c>startTime</c>/<c>gracefulStop</c>, then validates.
    /// </summary>
    public ExecutorConfig? BuildScenario(string kind, Field executorField)
    {
        var before = ctx.ErrorCount;
        foreach (var required in ExecutorOptions.Required[kind])
        {
            if (fields.Has(required)) continue;
            ctx.Error(executorField.Key, fields.PathOf(required), $"missing required option '{required}' for executor '{kind}'");
            MarkBad(required);
        }
        ExecutorConfig config = kind switch
        {
            ConstantVus.Name => ReadConstantVus(),
            RampingVus.Name => ReadRampingVus(),
            SharedIterations.Name => ReadSharedIterations(),
            PerVuIterations.Name => ReadPerVuIterations(),
            ConstantArrivalRate.Name => ReadConstantArrivalRate(),
            _ => ReadRampingArrivalRate(),
        };
        if (Duration("startTime") is { } startTime) config = config with { StartTime = startTime };
        if (Duration("gracefulStop") is { } gracefulStop) config = config with { GracefulStop = gracefulStop };
        ReportValidation(config, option => Locate(option, ctx.At(executorField.Key)));
        return ctx.ErrorCount == before ? config : null;
    }

    /// <summary>
    /// Reports <paramref name="config"/>'s validation errors, each at the place <paramref name="locate"/> gives for its
    /// option, skipping options already reported.
    /// </summary>
    /// <param name="fileOption">Maps an executor option to the name it has in the file (the shortcut form's names differ).</param>
    public void ReportValidation(ExecutorConfig config, Func<string, (SourceLocation Location, string Key, bool Written)> locate,
        Func<string, string>? fileOption = null)
    {
        foreach (var error in config.Validate())
        {
            if (IsSuppressed(fileOption is null ? error.Option : fileOption(error.Option))) continue;
            var (location, key, written) = locate(error.Option);
            ctx.Error(location, key, written ? error.Message : $"{error.Message} (it is not set, so its default applies)");
        }
    }

    private bool IsSuppressed(string option) =>
        _bad.Any(b => option == b
            || option.StartsWith(b + "[", StringComparison.Ordinal) || option.StartsWith(b + ".", StringComparison.Ordinal)
            || b.StartsWith(option + "[", StringComparison.Ordinal));

    /// <summary>Where an option (e.g. <c>maxVUs</c>, <c>stages[1].target</c>) is in the mapping, else the fallback.</summary>
    public (SourceLocation Location, string Key, bool Written) Locate(string option, SourceLocation fallback)
    {
        var key = fields.PathOf(option);
        var m = OptionPath().Match(option);
        if (!m.Success || !fields.TryGet(m.Groups["name"].Value, out var field)) return (fallback, key, false);
        if (!m.Groups["index"].Success) return (ctx.At(field.Key), key, true);
        var index = int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture);
        if (field.Value is not YamlSequenceNode seq || index >= seq.Children.Count) return (ctx.At(field.Key), key, true);
        var item = seq.Children[index];
        if (m.Groups["sub"].Success && item is YamlMappingNode map)
            foreach (var (k, _) in map.Children)
                if (k is YamlScalarNode s && s.Value == m.Groups["sub"].Value) return (ctx.At(k), key, true);
        return (ctx.At(item), key, true);
    }

    private ConstantVus ReadConstantVus()
    {
        var c = new ConstantVus();
        if (Int("vus") is { } vus) c = c with { Vus = vus };
        if (Duration("duration") is { } duration) c = c with { Duration = duration };
        return c;
    }

    private RampingVus ReadRampingVus()
    {
        var c = new RampingVus();
        if (Int("startVUs") is { } start) c = c with { StartVus = start };
        if (Stages("stages") is { } stages) c = c with { Stages = stages };
        if (Duration("gracefulRampDown") is { } rampDown) c = c with { GracefulRampDown = rampDown };
        return c;
    }

    private SharedIterations ReadSharedIterations()
    {
        var c = new SharedIterations();
        if (Int("vus") is { } vus) c = c with { Vus = vus };
        if (Long("iterations") is { } iterations) c = c with { Iterations = iterations };
        if (Duration("maxDuration") is { } max) c = c with { MaxDuration = max };
        return c;
    }

    private PerVuIterations ReadPerVuIterations()
    {
        var c = new PerVuIterations();
        if (Int("vus") is { } vus) c = c with { Vus = vus };
        if (Long("iterations") is { } iterations) c = c with { Iterations = iterations };
        if (Duration("maxDuration") is { } max) c = c with { MaxDuration = max };
        return c;
    }

    private ConstantArrivalRate ReadConstantArrivalRate()
    {
        var c = new ConstantArrivalRate();
        if (Long("rate") is { } rate) c = c with { Rate = rate };
        if (Duration("timeUnit") is { } unit) c = c with { TimeUnit = unit };
        if (Duration("duration") is { } duration) c = c with { Duration = duration };
        if (Int("preAllocatedVUs") is { } pre) c = c with { PreAllocatedVus = pre };
        if (Int("maxVUs") is { } max) c = c with { MaxVusOption = max };
        if (Arrival("arrival") is { } arrival) c = c with { Arrival = arrival };
        return c;
    }

    private RampingArrivalRate ReadRampingArrivalRate()
    {
        var c = new RampingArrivalRate();
        if (Number("startRate") is { } start) c = c with { StartRate = start };
        if (Duration("timeUnit") is { } unit) c = c with { TimeUnit = unit };
        if (Stages("stages") is { } stages) c = c with { Stages = stages };
        if (Int("preAllocatedVUs") is { } pre) c = c with { PreAllocatedVus = pre };
        if (Int("maxVUs") is { } max) c = c with { MaxVusOption = max };
        if (Arrival("arrival") is { } arrival) c = c with { Arrival = arrival };
        return c;
    }

    public int? Int(string name) => Get(name, f => Read.Int(ctx, f.Value, f.Path));
    public long? Long(string name) => Get(name, f => Read.Long(ctx, f.Value, f.Path));
    public double? Number(string name) => Get(name, f => Read.Number(ctx, f.Value, f.Path));
    public TimeSpan? Duration(string name) => Get(name, f => Read.Duration(ctx, f.Value, f.Path));

    public ArrivalDistribution? Arrival(string name) => Get<ArrivalDistribution>(name, f =>
    {
        var text = Read.Text(ctx, f.Value, f.Path, "uniform or poisson");
        switch (text?.Trim())
        {
            case null: return null;
            case "uniform": return ArrivalDistribution.Uniform;
            case "poisson": return ArrivalDistribution.Poisson;
            default:
                ctx.Error(f.Value, f.Path, $"expected uniform or poisson, got '{text}'");
                return null;
        }
    });

    /// <summary><c>stages: [{ duration, target }, ...]</c>; each stage needs both fields.</summary>
    public IReadOnlyList<Stage>? Stages(string name)
    {
        if (!fields.TryGet(name, out var field)) return null;
        var items = Read.List(ctx, field.Value, field.Path, "a list of stages, e.g. [{ duration: 30s, target: 10 }]");
        if (items is null) { MarkBad(name); return null; }
        var stages = new List<Stage>();
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{field.Path}[{i}]";
            var option = $"{name}[{i}]";
            var stage = Fields.Of(ctx, items[i], path, "a stage: a mapping with 'duration' and 'target'");
            if (stage is null) { MarkBad(option); stages.Add(default); continue; }
            stage.ReportUnknown(ctx, ["duration", "target"], context: " in a stage (it has 'duration' and 'target')");
            TimeSpan? duration = null;
            long? target = null;
            if (stage.TryGet("duration", out var d)) duration = Read.Duration(ctx, d.Value, d.Path);
            else ctx.Error(items[i], Fields.Join(path, "duration"), "each stage needs 'duration' and 'target'; 'duration' is missing");
            if (stage.TryGet("target", out var t)) target = Read.Long(ctx, t.Value, t.Path);
            else ctx.Error(items[i], Fields.Join(path, "target"), "each stage needs 'duration' and 'target'; 'target' is missing");
            // A bad stage keeps its place (as a placeholder whose errors are not repeated), so the other stages are
            // still validated under their own indexes.
            if (duration is null || target is null) { MarkBad(option); stages.Add(default); continue; }
            stages.Add(new Stage(duration.Value, target.Value));
        }
        return stages;
    }

    private T? Get<T>(string name, Func<Field, T?> read) where T : struct
    {
        if (!fields.TryGet(name, out var field)) return null;
        var value = read(field);
        if (value is null) MarkBad(name);
        return value;
    }
}
