using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rampa.Core.Workloads.Http;
using YamlDotNet.RepresentationModel;

namespace Rampa.Core.Scenarios.Yaml;

/// <summary>
/// Reads a request's <c>checks:</c> (status, header, body, json; a mapping, or a list of such mappings each with an
/// optional <c>name:</c>) and its <c>capture:</c> (variable name to a json path, a header or a body regex).
/// Every bad check is reported, with its place.
/// </summary>
internal sealed partial class CheckReader(LoadContext ctx)
{
    private static readonly string[] CheckKinds = ["status", "header", "body", "json"];
    private static readonly string[] NamedItemKeys = ["name", .. CheckKinds];
    private static readonly string[] HeaderOps = ["exists", "equals", "contains", "matches"];
    private static readonly string[] BodyOps = ["contains", "matches", "size"];
    private static readonly string[] JsonOps = ["exists", "equals", "==", "!=", ">", ">=", "<", "<=", "contains", "matches"];
    private static readonly string[] CaptureSources = ["json", "header", "regex"];
    private static readonly string[] Reserved = ["vu", "iteration", "scenario"];

    /// <summary>How long one regex may take on one response before its check fails.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"^\s*(==|!=|>=|<=|>|<)?\s*([0-9]+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();

    /// <summary>The checks of <c>checks:</c>; false after reporting errors.</summary>
    public bool Checks(Field field, List<CheckSpec> checks)
    {
        var before = ctx.ErrorCount;
        if (field.Value is YamlSequenceNode seq)
        {
            for (var i = 0; i < seq.Children.Count; i++)
            {
                var path = $"{field.Path}[{i}]";
                var item = Fields.Of(ctx, seq.Children[i], path, "a check: a mapping such as { status: 200 } or { name: has id, json: $.id }");
                if (item is null) continue;
                item.ReportUnknown(ctx, NamedItemKeys, "check", " (known checks: status, header, body, json; and 'name')");
                var found = new List<CheckSpec>();
                Kinds(item, found);
                if (item.TryGet("name", out var nameField))
                {
                    var name = Read.Text(ctx, nameField.Value, nameField.Path, "a check name");
                    if (name is not null && found.Count == 1) found[0] = found[0] with { Name = name.Trim() };
                    else if (name is not null && found.Count > 1)
                        ctx.Error(nameField.Key, nameField.Path, $"'name' names one check, but this item holds {found.Count}; give each its own item");
                }
                if (found.Count == 0 && !item.All.Any(f => CheckKinds.Contains(f.Name)))
                    ctx.Error(seq.Children[i], path, "a check item needs one of: status, header, body, json");
                checks.AddRange(found);
            }
        }
        else
        {
            var map = Fields.Of(ctx, field.Value, field.Path, "a mapping of checks (e.g. { status: 200, json: $.id }) or a list of them");
            if (map is not null)
            {
                map.ReportUnknown(ctx, CheckKinds, "check", " (known checks: status, header, body, json)");
                Kinds(map, checks);
            }
        }
        return ctx.ErrorCount == before;
    }

    private void Kinds(Fields map, List<CheckSpec> checks)
    {
        if (map.TryGet("status", out var status))
        {
            var set = StatusReader.Read(ctx, status.Value, status.Path);
            if (set is not null)
            {
                var single = set.Ranges.Count == 1 && set.Ranges[0].From == set.Ranges[0].To;
                checks.Add(new StatusCheck(single ? $"status is {set}" : $"status in {set}", set));
            }
        }
        if (map.TryGet("header", out var header)) Header(header, checks);
        if (map.TryGet("body", out var body)) Body(body, checks);
        if (map.TryGet("json", out var json)) Json(json, checks);
    }

    // ---- header ------------------------------------------------------------------------------------------------

    private void Header(Field field, List<CheckSpec> checks)
    {
        const string expected = "a header name (it must be present), a list of names, or a mapping of names to conditions";
        if (field.Value is YamlScalarNode or YamlSequenceNode)
        {
            var items = Read.List(ctx, field.Value, field.Path, expected, allowSingle: true);
            if (items is null) return;
            for (var i = 0; i < items.Count; i++)
            {
                var path = field.Value is YamlSequenceNode ? $"{field.Path}[{i}]" : field.Path;
                var name = HeaderName(items[i], path);
                if (name is not null) checks.Add(new HeaderCheck($"header {name} exists", name, ValueTest.Exists));
            }
            return;
        }
        var map = Fields.Of(ctx, field.Value, field.Path, expected);
        if (map is null) return;
        foreach (var h in map.All)
        {
            if (!IsToken(h.Name)) { ctx.Error(h.Key, h.Path, $"'{h.Name}' is not a valid header name"); continue; }
            if (h.Value is YamlScalarNode s && Read.IsPlain(s) && (s.Value is "true" or "false"))
            {
                checks.Add(s.Value == "true"
                    ? new HeaderCheck($"header {h.Name} exists", h.Name, ValueTest.Exists)
                    : new HeaderCheck($"header {h.Name} is absent", h.Name, ValueTest.Absent));
                continue;
            }
            if (h.Value is YamlScalarNode)
            {
                var text = Read.Text(ctx, h.Value, h.Path, "the header's expected value", allowEmpty: true);
                if (text is not null) checks.Add(new HeaderCheck($"header {h.Name} == {text}", h.Name, ValueTest.Equals, text));
                continue;
            }
            var ops = Fields.Of(ctx, h.Value, h.Path, "a value (equals), true/false (present/absent) or a mapping of exists, equals, contains, matches");
            if (ops is null) continue;
            ops.ReportUnknown(ctx, HeaderOps, "header condition", $" (known: {string.Join(", ", HeaderOps)})");
            if (ops.All.Count == 0) ctx.Error(h.Value, h.Path, $"expected at least one of {string.Join(", ", HeaderOps)}");
            foreach (var op in ops.All)
            {
                switch (op.Name)
                {
                    case "exists":
                        if (Read.Bool(ctx, op.Value, op.Path) is { } exists)
                            checks.Add(exists
                                ? new HeaderCheck($"header {h.Name} exists", h.Name, ValueTest.Exists)
                                : new HeaderCheck($"header {h.Name} is absent", h.Name, ValueTest.Absent));
                        break;
                    case "equals":
                        if (Read.Text(ctx, op.Value, op.Path, "the header's expected value", allowEmpty: true) is { } eq)
                            checks.Add(new HeaderCheck($"header {h.Name} == {eq}", h.Name, ValueTest.Equals, eq));
                        break;
                    case "contains":
                        if (Read.Text(ctx, op.Value, op.Path, "a text the header's value contains") is { } contains)
                            checks.Add(new HeaderCheck($"header {h.Name} contains {contains}", h.Name, ValueTest.Contains, contains));
                        break;
                    case "matches":
                        if (ReadRegex(op.Value, op.Path) is { } re)
                            checks.Add(new HeaderCheck($"header {h.Name} matches {re}", h.Name, ValueTest.Matches, Pattern: re));
                        break;
                }
            }
        }
    }

    private string? HeaderName(YamlNode node, string path)
    {
        var name = Read.Text(ctx, node, path, "a header name");
        if (name is null) return null;
        name = name.Trim();
        if (IsToken(name)) return name;
        ctx.Error(node, path, $"'{name}' is not a valid header name");
        return null;
    }

    // ---- body --------------------------------------------------------------------------------------------------

    private void Body(Field field, List<CheckSpec> checks)
    {
        if (field.Value is YamlScalarNode)
        {
            if (Read.Text(ctx, field.Value, field.Path, "a text the body contains, or a mapping of contains, matches, size") is { } text)
                checks.Add(new BodyContainsCheck($"body contains {text}", text));
            return;
        }
        var ops = Fields.Of(ctx, field.Value, field.Path, "a text the body contains, or a mapping of contains, matches, size");
        if (ops is null) return;
        ops.ReportUnknown(ctx, BodyOps, "body condition", $" (known: {string.Join(", ", BodyOps)})");
        if (ops.All.Count == 0) ctx.Error(field.Value, field.Path, $"expected at least one of {string.Join(", ", BodyOps)}");
        foreach (var op in ops.All)
        {
            switch (op.Name)
            {
                case "contains":
                    var items = Read.List(ctx, op.Value, op.Path, "a text the body contains, or a list of them", allowSingle: true);
                    if (items is null) break;
                    for (var i = 0; i < items.Count; i++)
                    {
                        var path = op.Value is YamlSequenceNode ? $"{op.Path}[{i}]" : op.Path;
                        if (Read.Text(ctx, items[i], path, "a text the body contains") is { } text)
                            checks.Add(new BodyContainsCheck($"body contains {text}", text));
                    }
                    break;
                case "matches":
                    if (ReadRegex(op.Value, op.Path) is { } re) checks.Add(new BodyMatchesCheck($"body matches {re}", re));
                    break;
                case "size":
                    if (Size(op.Value, op.Path) is { } size)
                        checks.Add(new BodySizeCheck($"body size {Workloads.Http.CheckEvaluator.Symbol(size.Op)} {size.Size.ToString(CultureInfo.InvariantCulture)}", size.Op, size.Size));
                    break;
            }
        }
    }

    private (CompareOp Op, long Size)? Size(YamlNode node, string path)
    {
        const string expected = "a size in bytes (e.g. 512) or a comparison (e.g. \"> 0\", \"<= 1024\")";
        var text = Read.Text(ctx, node, path, expected);
        if (text is null) return null;
        var m = SizePattern().Match(text);
        if (!m.Success || !long.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            ctx.Error(node, path, $"'{text.Trim()}' is not {expected}");
            return null;
        }
        return (m.Groups[1].Success ? ParseOp(m.Groups[1].Value) : CompareOp.Equal, size);
    }

    // ---- json --------------------------------------------------------------------------------------------------

    private void Json(Field field, List<CheckSpec> checks)
    {
        const string expected = "a JSON path that must exist (e.g. $.id), a list of them, or a mapping of paths to conditions";
        if (field.Value is YamlScalarNode or YamlSequenceNode)
        {
            var items = Read.List(ctx, field.Value, field.Path, expected, allowSingle: true);
            if (items is null) return;
            for (var i = 0; i < items.Count; i++)
            {
                var path = field.Value is YamlSequenceNode ? $"{field.Path}[{i}]" : field.Path;
                if (Path(items[i], path) is { } p) checks.Add(new JsonCheck($"{p.Text} exists", p, ValueTest.Exists));
            }
            return;
        }
        var map = Fields.Of(ctx, field.Value, field.Path, expected);
        if (map is null) return;
        foreach (var entry in map.All)
        {
            var jsonPath = JsonPath.TryParse(entry.Name, out var error);
            if (jsonPath is null) ctx.Error(entry.Key, entry.Path, $"bad JSON path {error}");
            if (entry.Value is not YamlMappingNode)
            {
                // A value: the path's value must equal it.
                var value = YamlJson.ToJsonNode(entry.Value);
                if (jsonPath is not null) checks.Add(new JsonCheck($"{jsonPath.Text} == {JsonText(value)}", jsonPath, ValueTest.Compare, CompareOp.Equal, value));
                continue;
            }
            var ops = Fields.Of(ctx, entry.Value, entry.Path)!;
            ops.ReportUnknown(ctx, JsonOps, "JSON condition", $" (known: {string.Join(" ", JsonOps)}; quote the symbols, e.g. \">\": 0)");
            if (ops.All.Count == 0) ctx.Error(entry.Value, entry.Path, $"expected at least one of {string.Join(" ", JsonOps)}");
            foreach (var op in ops.All)
            {
                switch (op.Name)
                {
                    case "exists":
                        if (Read.Bool(ctx, op.Value, op.Path) is { } exists && jsonPath is not null)
                            checks.Add(exists
                                ? new JsonCheck($"{jsonPath.Text} exists", jsonPath, ValueTest.Exists)
                                : new JsonCheck($"{jsonPath.Text} is absent", jsonPath, ValueTest.Absent));
                        break;
                    case "equals" or "==" or "!=":
                    {
                        var value = YamlJson.ToJsonNode(op.Value);
                        var cop = op.Name == "!=" ? CompareOp.NotEqual : CompareOp.Equal;
                        if (jsonPath is not null)
                            checks.Add(new JsonCheck($"{jsonPath.Text} {Workloads.Http.CheckEvaluator.Symbol(cop)} {JsonText(value)}", jsonPath, ValueTest.Compare, cop, value));
                        break;
                    }
                    case ">" or ">=" or "<" or "<=":
                        if (Read.Number(ctx, op.Value, op.Path) is { } number && jsonPath is not null)
                        {
                            var cop = ParseOp(op.Name);
                            checks.Add(new JsonCheck($"{jsonPath.Text} {op.Name} {number.ToString(CultureInfo.InvariantCulture)}", jsonPath,
                                ValueTest.Compare, cop, JsonValue.Create(number)));
                        }
                        break;
                    case "contains":
                        if (Read.Text(ctx, op.Value, op.Path, "a text the value contains") is { } text && jsonPath is not null)
                            checks.Add(new JsonCheck($"{jsonPath.Text} contains {text}", jsonPath, ValueTest.Contains, Text: text));
                        break;
                    case "matches":
                        if (ReadRegex(op.Value, op.Path) is { } re && jsonPath is not null)
                            checks.Add(new JsonCheck($"{jsonPath.Text} matches {re}", jsonPath, ValueTest.Matches, Pattern: re));
                        break;
                }
            }
        }
    }

    private static string JsonText(JsonNode? value) =>
        value?.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null";

    private JsonPath? Path(YamlNode node, string path)
    {
        var text = Read.Text(ctx, node, path, "a JSON path (e.g. $.id or items[0].name)");
        if (text is null) return null;
        var parsed = JsonPath.TryParse(text, out var error);
        if (parsed is null) ctx.Error(node, path, $"bad JSON path {error}");
        return parsed;
    }

    // ---- captures ----------------------------------------------------------------------------------------------

    /// <summary>The captures of <c>capture:</c>; false after reporting errors.</summary>
    public bool Captures(Field field, List<CaptureSpec> captures)
    {
        var before = ctx.ErrorCount;
        var map = Fields.Of(ctx, field.Value, field.Path, "a mapping of variable names to sources, e.g. { id: { json: $.id } }");
        if (map is null) return false;
        foreach (var entry in map.All)
        {
            if (!VariablePattern().IsMatch(entry.Name) || Reserved.Contains(entry.Name) || entry.Name == "env")
                ctx.Error(entry.Key, entry.Path, $"'{entry.Name}' is not a usable variable name: letters, digits and '_', not starting with a digit, and not vu, iteration, scenario or env");
            var source = Fields.Of(ctx, entry.Value, entry.Path, "a source: { json: $.path }, { header: Name } or { regex: \"id=(\\\\d+)\" }");
            if (source is null) continue;
            source.ReportUnknown(ctx, CaptureSources, "capture source", " (known: json, header, regex)");
            var given = source.All.Where(f => CaptureSources.Contains(f.Name)).ToList();
            if (given.Count != 1)
            {
                ctx.Error(entry.Value, entry.Path, given.Count == 0
                    ? "a capture needs one source: json, header or regex"
                    : "a capture has one source: json, header or regex, not several");
                continue;
            }
            var f = given[0];
            CaptureSpec? capture = f.Name switch
            {
                "json" => Path(f.Value, f.Path) is { } p ? new CaptureSpec(entry.Name, CaptureSource.Json, Path: p) : null,
                "header" => HeaderName(f.Value, f.Path) is { } h ? new CaptureSpec(entry.Name, CaptureSource.Header, Header: h) : null,
                _ => ReadRegex(f.Value, f.Path) is { } re ? new CaptureSpec(entry.Name, CaptureSource.Regex, Pattern: re) : null,
            };
            if (capture is not null) captures.Add(capture);
        }
        return ctx.ErrorCount == before;
    }

    // ---- shared ------------------------------------------------------------------------------------------------

    private Regex? ReadRegex(YamlNode node, string path)
    {
        var text = Read.Text(ctx, node, path, "a regular expression");
        if (text is null) return null;
        try
        {
            return new Regex(text, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException e)
        {
            ctx.Error(node, path, $"'{text}' is not a valid regular expression: {e.Message}");
            return null;
        }
    }

    private static CompareOp ParseOp(string op) => op switch
    {
        "==" => CompareOp.Equal,
        "!=" => CompareOp.NotEqual,
        ">" => CompareOp.Greater,
        ">=" => CompareOp.GreaterOrEqual,
        "<" => CompareOp.Less,
        _ => CompareOp.LessOrEqual,
    };

    /// <summary>RFC 9110 token characters.</summary>
    private static bool IsToken(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));
}
