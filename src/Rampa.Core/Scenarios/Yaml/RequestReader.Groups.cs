using Rampa.Core.Workloads.Http;
using YamlDotNet.RepresentationModel;

namespace Rampa.Core.Scenarios.Yaml;

/// <summary>Groups of flow steps (<c>group:</c> with <c>steps:</c>) and a request's own <c>tags</c>.</summary>
internal sealed partial class RequestReader
{
    private static readonly string[] GroupKeys = ["group", "steps"];

    /// <summary>The system tags, which a request's own <c>tags</c> may not set.</summary>
    public static readonly IReadOnlyList<string> SystemTags =
        ["scenario", "name", "method", "status", "expected_response", "error", "error_code", "group", "check", "attempt"];

    /// <summary>k6 joins nested group names with this, and prefixes each name with it.</summary>
    public const string GroupSeparator = "::";

    /// <summary>A <c>group:</c> step; null after reporting its errors.</summary>
    /// <param name="parent">The enclosing group's path; null at the top of the flow.</param>
    private GroupStep? Group(Fields step, string? parent)
    {
        var errorsBefore = ctx.ErrorCount;
        var nameField = step["group"]!;
        step.ReportUnknown(ctx, GroupKeys, context: " in a group step (it has 'group:' and 'steps:'; put other keys on its request steps)");
        string? name = null;
        if (nameField.Value is YamlScalarNode scalar)
        {
            name = Read.IsNull(scalar) ? "" : Read.Text(ctx, nameField.Value, nameField.Path, "a group name", allowEmpty: true)?.Trim();
            if (name is { Length: 0 })
            {
                ctx.Error(nameField.Value, nameField.Path, "a group needs a name (e.g. group: checkout)");
                name = null;
            }
            else if (name is not null && name.Contains(GroupSeparator, StringComparison.Ordinal))
            {
                ctx.Error(nameField.Value, nameField.Path, $"a group name may not contain '{GroupSeparator}' (it joins the names of nested groups); got '{name}'");
                name = null;
            }
        }
        else ctx.Error(nameField.Value, nameField.Path, "expected a group name (e.g. group: checkout), with its steps under 'steps:'");
        var path = name is null ? null : (parent ?? "") + GroupSeparator + name;
        if (!step.TryGet("steps", out var stepsField))
        {
            ctx.Error(nameField.Key, step.PathOf("steps"),
                "a group needs 'steps:' (a list of steps, e.g. steps: [{ request: GET / }])");
            return null;
        }
        var steps = Flow(stepsField, path ?? (parent ?? "") + GroupSeparator + "?");
        if (steps is null || name is null || path is null || ctx.ErrorCount != errorsBefore) return null;
        return new GroupStep(name, path, steps);
    }

    /// <summary>Whether the steps hold a request or a protocol step, inside groups too.</summary>
    private static bool HasRequest(IEnumerable<FlowStep> steps) =>
        steps.Any(s => s is RequestStep or ProtocolStep || s is GroupStep g && HasRequest(g.Steps));

    /// <summary>A request's own <c>tags</c> (empty when absent); null after reporting its errors.</summary>
    internal Dictionary<string, string>? RequestTags(Fields step)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!step.TryGet("tags", out var field)) return result;
        var map = Fields.Of(ctx, field.Value, field.Path, "a mapping of tag names to values, e.g. tags: { team: web, kind: read }");
        if (map is null) return null;
        var ok = true;
        foreach (var f in map.All)
        {
            if (f.Name.Length == 0)
            {
                ctx.Error(f.Key, f.Path, "a tag needs a name");
                ok = false;
                continue;
            }
            if (SystemTags.Contains(f.Name))
            {
                ctx.Error(f.Key, f.Path, $"'{f.Name}' is a system tag and cannot be set on a request; system tags are {string.Join(", ", SystemTags)}");
                ok = false;
                continue;
            }
            if (f.Value is not YamlScalarNode)
            {
                ctx.Error(f.Value, f.Path, $"tag '{f.Name}': expected a text value (a tag's value is text, e.g. {f.Name}: web)");
                ok = false;
                continue;
            }
            var value = Read.Text(ctx, f.Value, f.Path, "a text value", allowEmpty: true);
            if (value is null) ok = false;
            else result[f.Name] = value;
        }
        return ok ? result : null;
    }
}
