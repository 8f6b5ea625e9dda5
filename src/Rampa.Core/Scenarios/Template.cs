using System.Text;

namespace Rampa.Core.Scenarios;

/// <summary>
/// A string with <c>{{...}}</c> variables, parsed once at load so rendering on the hot path is a few appends.
/// Variables: <c>{{vu}}</c> (global VU number from 1), <c>{{iteration}}</c> (the VU's iteration from 0),
/// <c>{{scenario}}</c>, <c>{{env.NAME}}</c> (resolved when the plan is built), <c>{{data.SOURCE.COLUMN}}</c> (the
/// iteration's row of a data source, resolved to a source and column at load), and any other name (a VU variable,
/// e.g. a captured value).
/// </summary>
public sealed class Template
{
    private readonly Part[] _parts;

    private readonly bool _jsonEscaped;

    private Template(string text, Part[] parts, bool jsonEscaped = false)
    {
        _jsonEscaped = jsonEscaped;
        Text = text;
        _parts = parts;
        IsConstant = parts.All(p => p.Kind == PartKind.Literal);
        ConstantValue = IsConstant ? string.Concat(parts.Select(p => p.Value)) : null;
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>True when the template has no per-VU variables: its value can be prepared once.</summary>
    public bool IsConstant { get; }
    public string? ConstantValue { get; }

    public enum PartKind { Literal, Vu, Iteration, Scenario, Variable, Data }

    /// <summary>A piece of the template; a <see cref="PartKind.Data"/> part also has its source and column.</summary>
    public readonly record struct Part(PartKind Kind, string Value, int Source = 0, int Column = 0);

    /// <summary>The data sources the template reads (their catalog indices), each once.</summary>
    public IEnumerable<int> DataSources => _parts.Where(p => p.Kind == PartKind.Data).Select(p => p.Source).Distinct();

    public IReadOnlyList<Part> Parts => _parts;

    /// <summary>Names of the VU variables the template reads (not vu/iteration/scenario/env).</summary>
    public IEnumerable<string> VariableNames => _parts.Where(p => p.Kind == PartKind.Variable).Select(p => p.Value);

    /// <summary>
    /// Parses <paramref name="text"/>; <c>{{env.NAME}}</c> is replaced by <paramref name="env"/>'s value at once.
    /// Returns null and sets <paramref name="error"/> for an unclosed <c>{{</c>, an empty name or an unknown env name.
    /// </summary>
    /// <param name="jsonStrings">
    /// The text is a JSON document whose variables all sit inside strings (a <c>json:</c> body): every value put in,
    /// <c>{{env.NAME}}</c>'s included, is escaped as the inside of a JSON string, so a quote or a backslash in a value
    /// keeps the body valid JSON.
    /// </param>
    public static Template? TryParse(string text, Func<string, string?> env, out string? error, Data.DataCatalog? data = null,
        bool jsonStrings = false)
    {
        error = null;
        var parts = new List<Part>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0) { literal.Append(text, i, text.Length - i); break; }
            literal.Append(text, i, open - i);
            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0) { error = $"unclosed '{{{{' at character {open + 1}"; return null; }
            var name = text.Substring(open + 2, close - open - 2).Trim();
            i = close + 2;
            if (name.Length == 0) { error = $"empty variable '{{{{}}}}' at character {open + 1}"; return null; }
            if (name.StartsWith("env.", StringComparison.Ordinal))
            {
                var value = env(name[4..]);
                if (value is null) { error = $"environment variable '{name[4..]}' is not set (pass -e {name[4..]}=VALUE)"; return null; }
                if (jsonStrings) AppendJsonEscaped(literal, value);
                else literal.Append(value);
                continue;
            }
            if (name.StartsWith("data.", StringComparison.Ordinal))
            {
                if ((data ?? Data.DataCatalog.Empty).Resolve(name[5..], out error) is not { } at) return null;
                if (literal.Length > 0) { parts.Add(new(PartKind.Literal, literal.ToString())); literal.Clear(); }
                parts.Add(new(PartKind.Data, name, at.Source, at.Column));
                continue;
            }
            var kind = name switch
            {
                "vu" => PartKind.Vu,
                "iteration" => PartKind.Iteration,
                "scenario" => PartKind.Scenario,
                _ => PartKind.Variable,
            };
            if (literal.Length > 0) { parts.Add(new(PartKind.Literal, literal.ToString())); literal.Clear(); }
            parts.Add(new(kind, name));
        }
        if (literal.Length > 0) parts.Add(new(PartKind.Literal, literal.ToString()));
        return new Template(text, [.. parts], jsonStrings);
    }

    public static Template Literal(string text) => new(text, text.Length == 0 ? [] : [new Part(PartKind.Literal, text)]);

    /// <summary>Renders with a VU's values. Unknown VU variables render as empty text.</summary>
    public string Render(ITemplateValues values)
    {
        if (ConstantValue is not null) return ConstantValue;
        var sb = new StringBuilder();
        foreach (var p in _parts)
        {
            switch (p.Kind)
            {
                case PartKind.Literal: sb.Append(p.Value); break;
                case PartKind.Vu: sb.Append(values.Vu); break;
                case PartKind.Iteration: sb.Append(values.Iteration); break;
                case PartKind.Scenario: Put(sb, values.Scenario); break;
                case PartKind.Data: Put(sb, values.GetData(p.Source, p.Column)); break;
                default: Put(sb, values.GetVariable(p.Value)); break;
            }
        }
        return sb.ToString();
    }

    private void Put(StringBuilder sb, string? value)
    {
        if (value is null) return;
        if (_jsonEscaped) AppendJsonEscaped(sb, value);
        else sb.Append(value);
    }

    private static void AppendJsonEscaped(StringBuilder sb, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ': sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }
    }

    public override string ToString() => Text;
}

/// <summary>The values a template reads while rendering.</summary>
public interface ITemplateValues
{
    long Vu { get; }
    long Iteration { get; }
    string Scenario { get; }
    string? GetVariable(string name);
    /// <summary>The current row's value of a data source's column (<c>{{data.SOURCE.COLUMN}}</c>).</summary>
    string? GetData(int source, int column) => null;
}
