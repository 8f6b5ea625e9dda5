using System.Globalization;
using System.Text.RegularExpressions;
using Rampa.Core.Executors;
using YamlDotNet.RepresentationModel;

namespace Rampa.Core.Scenarios.Yaml;

/// <summary>
/// The executor options of a YAML mapping (a scenario, or the top level for the shortcut form), as each executor reads
/// them (<see cref="IExecutorOptionSource"/>). Bad values, missing required options and validation errors are reported at
/// the options' keys; options whose values did not parse (or are missing) are not validated again, so each problem is
/// told once.
/// </summary>
/// <param name="executorKey">The scenario's <c>executor</c> key: where a missing option is reported (null in the shortcut form).</param>
internal sealed partial class YamlExecutorOptions(LoadContext ctx, Fields fields, YamlScalarNode? executorKey = null) : IExecutorOptionSource
{
    private readonly ReportedOptions _reported = new();

    [GeneratedRegex(@"^(?<name>[A-Za-z]+)(\[(?<index>\d+)\])?(\.(?<sub>[A-Za-z]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex OptionPath();

    public Fields Fields => fields;
    public int ErrorCount => ctx.ErrorCount;
    public bool Has(string option) => fields.Has(option);

    /// <summary>Marks an option as already reported (a bad value, a missing required option).</summary>
    public void MarkBad(string option) => _reported.Mark(option);

    /// <summary>Forgets an option's reported problems (its value is replaced, e.g. by a command-line override).</summary>
    public void Unmark(string option) => _reported.Unmark(option);

    public void ReportMissing(string option, string executor)
    {
        var at = executorKey is null ? ctx.At(fields.Node) : ctx.At(executorKey);
        ctx.Error(at, fields.PathOf(option), $"missing required option '{option}' for executor '{executor}'");
        MarkBad(option);
    }

    public void ReportInvalid(OptionError error)
    {
        if (_reported.Covers(error.Option)) return;
        var (location, key, written) = Locate(error.Option, executorKey is null ? ctx.At(fields.Node) : ctx.At(executorKey));
        ctx.Error(location, key, written ? error.Message : $"{error.Message} (it is not set, so its default applies)");
    }

    /// <summary>
    /// Reports <paramref name="config"/>'s validation errors, each at the place <paramref name="locate"/> gives for its
    /// option, skipping options already reported (the shortcut form, whose option names differ from the executor's).
    /// </summary>
    /// <param name="fileOption">Maps an executor option to the name it has in the file (the shortcut form's names differ).</param>
    public void ReportValidation(ExecutorConfig config, Func<string, (SourceLocation Location, string Key, bool Written)> locate,
        Func<string, string>? fileOption = null)
    {
        foreach (var error in config.Validate())
        {
            if (_reported.Covers(fileOption is null ? error.Option : fileOption(error.Option))) continue;
            var (location, key, written) = locate(error.Option);
            ctx.Error(location, key, written ? error.Message : $"{error.Message} (it is not set, so its default applies)");
        }
    }

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
