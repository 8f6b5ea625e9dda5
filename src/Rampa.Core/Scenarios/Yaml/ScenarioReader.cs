using System.Text.RegularExpressions;
using Rampa.Core.Executors;

namespace Rampa.Core.Scenarios.Yaml;

/// <summary>Reads one entry of <c>scenarios:</c> into a <see cref="ScenarioPlan"/>.</summary>
internal static partial class ScenarioReader
{
    [GeneratedRegex("^[0-9A-Za-z_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    public static ScenarioPlan? Read(LoadContext ctx, PlanGlobals globals, Field entry)
    {
        var before = ctx.ErrorCount;
        if (!IsValidName(entry.Name))
            ctx.Error(entry.Key, entry.Path, $"invalid scenario name '{entry.Name}': use only letters, digits, '_' and '-'");
        var fields = Fields.Of(ctx, entry.Value, entry.Path, "a scenario: a mapping with 'executor', its options, and 'flow' or 'requests'");
        if (fields is null) return null;

        // Executor kind, then every key checked against the common keys and that executor's options.
        string? kind = null;
        var hasExecutor = fields.TryGet("executor", out var executorField);
        if (!hasExecutor)
            ctx.Error(entry.Key, fields.PathOf("executor"), $"missing 'executor'; expected one of {ExecutorOptions.KindList}");
        else
        {
            var text = Yaml.Read.Text(ctx, executorField.Value, executorField.Path, $"an executor ({ExecutorOptions.KindList})");
            if (text is not null)
            {
                kind = text.Trim();
                if (!ExecutorOptions.ByKind.ContainsKey(kind))
                {
                    var close = Suggest.Close(kind, ExecutorConfig.Kinds);
                    var hint = close.Count > 0 ? $" (did you mean '{close[0]}'?)" : "";
                    ctx.Error(executorField.Value, executorField.Path, $"unknown executor '{kind}'{hint}; expected one of {ExecutorOptions.KindList}");
                    kind = null;
                }
            }
        }
        CheckKeys(ctx, fields, kind);

        var tags = StringMap(ctx, fields, "tags");
        var env = StringMap(ctx, fields, "env");
        var thinkTime = globals.ThinkTime;
        if (fields.TryGet("thinkTime", out var think)) thinkTime = Yaml.Read.Think(ctx, think.Value, think.Path);

        var executor = kind is null ? null : new ExecutorReader(ctx, fields).BuildScenario(kind, executorField);
        var scope = globals.ScopeFor(ctx, env ?? new Dictionary<string, string>());
        scope = ScenarioRequestOptions.Apply(ctx, fields, scope);
        var workload = fields.TryGet("exec", out var exec)
            ? CodeExecReader.Read(ctx, fields, exec, scope)
            : WorkloadReader.Read(ctx, fields, scope, thinkTime, entry.Key, entry.Path);

        if (ctx.ErrorCount != before || executor is null || workload is null || tags is null || env is null) return null;
        return new ScenarioPlan { Name = entry.Name, Executor = executor, Tags = tags, Env = env, Workload = workload };
    }

    private static void CheckKeys(LoadContext ctx, Fields fields, string? kind)
    {
        foreach (var f in fields.All)
        {
            if (ExecutorOptions.Common.Contains(f.Name)) continue;
            if (kind is not null)
            {
                var own = ExecutorOptions.ByKind[kind];
                if (own.Contains(f.Name)) continue;
                var owners = ExecutorOptions.ByKind.Where(kv => kv.Value.Contains(f.Name)).Select(kv => kv.Key).ToList();
                var hint = owners.Count > 0
                    ? $" (it belongs to {string.Join(", ", owners)}); '{kind}' has {string.Join(", ", own)}"
                    : Suggest.DidYouMean(f.Name, [.. own, .. ExecutorOptions.Common]) is { Length: > 0 } dym ? dym : $"; '{kind}' has {string.Join(", ", own)}";
                ctx.Error(f.Key, f.Path, $"unknown option '{f.Name}' for executor '{kind}'{hint}");
            }
            else if (!ExecutorOptions.AnyExecutorOption.Contains(f.Name))
                ctx.Error(f.Key, f.Path, $"unknown option '{f.Name}'{Suggest.DidYouMean(f.Name, [.. ExecutorOptions.AnyExecutorOption, .. ExecutorOptions.Common])}");
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
