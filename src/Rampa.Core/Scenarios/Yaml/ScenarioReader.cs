using System.Text.RegularExpressions;
using Rampa.Core.Executors;

namespace Rampa.Core.Scenarios.Yaml;

/// <summary>Reads one entry of <c>scenarios:</c> into a <see cref="ScenarioPlan"/>.</summary>
internal static partial class ScenarioReader
{
    [GeneratedRegex("^[0-9A-Za-z_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    /// <summary>Keys every scenario has, whatever its executor (the executors' own options are theirs: <see cref="ExecutorType.Options"/>).</summary>
    private static readonly IReadOnlyList<string> CommonKeys =
        ["executor", .. ExecutorType.CommonOptions, "tags", "env", "exec", "thinkTime", "flow", "requests", .. ScenarioRequestOptions.Keys];

    public static ScenarioPlan? Read(LoadContext ctx, PlanGlobals globals, Field entry)
    {
        var before = ctx.ErrorCount;
        if (!IsValidName(entry.Name))
            ctx.Error(entry.Key, entry.Path, $"invalid scenario name '{entry.Name}': use only letters, digits, '_' and '-'");
        var fields = Fields.Of(ctx, entry.Value, entry.Path, "a scenario: a mapping with 'executor', its options, and 'flow' or 'requests'");
        if (fields is null) return null;

        // Executor kind, then every key checked against the common keys and that executor's options.
        ExecutorType? kind = null;
        var hasExecutor = fields.TryGet("executor", out var executorField);
        if (!hasExecutor)
            ctx.Error(entry.Key, fields.PathOf("executor"), $"missing 'executor'; expected one of {ExecutorRegistry.NameList}");
        else
        {
            var text = Yaml.Read.Text(ctx, executorField.Value, executorField.Path, $"an executor ({ExecutorRegistry.NameList})");
            if (text is not null)
            {
                var name = text.Trim();
                kind = ExecutorRegistry.Find(name);
                if (kind is null)
                {
                    var close = Suggest.Close(name, ExecutorRegistry.Names);
                    var hint = close.Count > 0 ? $" (did you mean '{close[0]}'?)" : "";
                    ctx.Error(executorField.Value, executorField.Path, $"unknown executor '{name}'{hint}; expected one of {ExecutorRegistry.NameList}");
                }
            }
        }
        CheckKeys(ctx, fields, kind);

        var tags = StringMap(ctx, fields, "tags");
        var env = StringMap(ctx, fields, "env");
        var thinkTime = globals.ThinkTime;
        if (fields.TryGet("thinkTime", out var think)) thinkTime = Yaml.Read.Think(ctx, think.Value, think.Path);

        var executor = kind?.Build(new YamlExecutorOptions(ctx, fields, executorField.Key));
        var scope = globals.ScopeFor(ctx, env ?? new Dictionary<string, string>());
        scope = ScenarioRequestOptions.Apply(ctx, fields, scope);
        var workload = fields.TryGet("exec", out var exec)
            ? CodeExecReader.Read(ctx, fields, exec, scope)
            : WorkloadReader.Read(ctx, fields, scope, thinkTime, entry.Key, entry.Path);

        if (ctx.ErrorCount != before || executor is null || workload is null || tags is null || env is null) return null;
        return new ScenarioPlan { Name = entry.Name, Executor = executor, Tags = tags, Env = env, Workload = workload, DataSources = scope.Data.Used };
    }

    private static void CheckKeys(LoadContext ctx, Fields fields, ExecutorType? kind)
    {
        foreach (var f in fields.All)
        {
            if (CommonKeys.Contains(f.Name)) continue;
            if (kind is not null)
            {
                var own = kind.Options;
                if (own.Contains(f.Name)) continue;
                var owners = ExecutorRegistry.All.Where(t => t.Options.Contains(f.Name)).Select(t => t.Name).ToList();
                var hint = owners.Count > 0
                    ? $" (it belongs to {string.Join(", ", owners)}); '{kind.Name}' has {string.Join(", ", own)}"
                    : Suggest.DidYouMean(f.Name, [.. own, .. CommonKeys]) is { Length: > 0 } dym ? dym : $"; '{kind.Name}' has {string.Join(", ", own)}";
                ctx.Error(f.Key, f.Path, $"unknown option '{f.Name}' for executor '{kind.Name}'{hint}");
            }
            else if (!ExecutorRegistry.AnyOption.Contains(f.Name))
                ctx.Error(f.Key, f.Path, $"unknown option '{f.Name}'{Suggest.DidYouMean(f.Name, [.. ExecutorRegistry.AnyOption, .. CommonKeys])}");
        }
    }

    /// <summary>A mapping of names to text values (<c>tags</c>, <c>env</c>); an absent key reads as empty.</summary>
    public static Dictionary<string, string>? StringMap(LoadContext ctx, Fields fields, string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!fields.TryGet(name, out var field)) return result;
        var map = Fields.Of(ctx, field.Value, field.Path, $"a mapping of names to values, e.g. {name}: {{ team: web }}");
        if (map is null) return null;
        var ok = true;
        foreach (var f in map.All)
        {
            var value = Yaml.Read.Text(ctx, f.Value, f.Path, "a text value", allowEmpty: true);
            if (value is null) ok = false;
            else result[f.Name] = value;
        }
        return ok ? result : null;
    }
}
