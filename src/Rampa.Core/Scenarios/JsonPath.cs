using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Rampa.Core.Scenarios;

/// <summary>
/// A small JSON path: an optional <c>$</c>, then properties (<c>.name</c> or <c>['name']</c> / <c>["name"]</c>) and
/// array indexes (<c>[0]</c>, <c>[-1]</c> for the last). <c>$.items[0].name</c>, <c>items[0].name</c> and <c>$</c>
/// (the whole document) are paths; wildcards, slices and filters are not supported.
/// </summary>
public sealed class JsonPath
{
    /// <summary>One step: a property name, or an array index when <see cref="Name"/> is null.</summary>
    public readonly record struct Segment(string? Name, int Index);

    private readonly Segment[] _segments;

    private JsonPath(string text, Segment[] segments)
    {
        Text = text;
        _segments = segments;
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    public IReadOnlyList<Segment> Segments => _segments;

    /// <summary>Parses a path; null with <paramref name="error"/> for a malformed one.</summary>
    public static JsonPath? TryParse(string text, out string? error)
    {
        error = null;
        var segments = new List<Segment>();
        var s = text.Trim();
        var i = 0;
        if (s.Length == 0) { error = "a JSON path is empty; write e.g. $.id or items[0].name"; return null; }
        if (s[0] == '$')
        {
            i = 1;
            if (i < s.Length && s[i] != '.' && s[i] != '[') { error = $"'{text}': expected '.' or '[' after '$'"; return null; }
        }
        else if (s[0] == '.') { error = $"'{text}': a path starts with '$' or a name, not '.'"; return null; }
        var first = s[0] != '$' && s[0] != '[';
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '.' || first)
            {
                if (c == '.') i++;
                first = false;
                var start = i;
                while (i < s.Length && s[i] != '.' && s[i] != '[')
                {
                    if (s[i] == ']' || char.IsWhiteSpace(s[i])) { error = $"'{text}': unexpected '{s[i]}' at character {i + 1}"; return null; }
                    i++;
                }
                if (i == start) { error = $"'{text}': a property name is missing at character {start + 1}"; return null; }
                var name = s[start..i];
                if (name == "*") { error = $"'{text}': wildcards are not supported"; return null; }
                segments.Add(new Segment(name, 0));
            }
            else if (c == '[')
            {
                var close = s.IndexOf(']', i + 1);
                if (i + 1 < s.Length && s[i + 1] is '\'' or '"')
                {
                    var quote = s[i + 1];
                    var end = s.IndexOf(quote, i + 2);
                    if (end < 0 || end + 1 >= s.Length || s[end + 1] != ']') { error = $"'{text}': unclosed [{quote}...{quote}] at character {i + 1}"; return null; }
                    segments.Add(new Segment(s[(i + 2)..end], 0));
                    i = end + 2;
                    continue;
                }
                if (close < 0) { error = $"'{text}': unclosed '[' at character {i + 1}"; return null; }
                var inner = s[(i + 1)..close].Trim();
                if (!int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
                {
                    error = $"'{text}': '[{inner}]' is not an array index (a whole number) or a quoted name ['name']";
                    return null;
                }
                segments.Add(new Segment(null, index));
                i = close + 1;
            }
            else { error = $"'{text}': unexpected '{c}' at character {i + 1}"; return null; }
        }
        return new JsonPath(text.Trim(), [.. segments]);
    }

    public static JsonPath Parse(string text) => TryParse(text, out var error) ?? throw new FormatException(error);

    /// <summary>The value at this path in <paramref name="root"/>; false when some step is missing.</summary>
    public bool TryFind(JsonElement root, out JsonElement value)
    {
        value = root;
        foreach (var seg in _segments)
        {
            if (seg.Name is { } name)
            {
                if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out var next)) return false;
                value = next;
            }
            else
            {
                if (value.ValueKind != JsonValueKind.Array) return false;
                var length = value.GetArrayLength();
                var index = seg.Index < 0 ? length + seg.Index : seg.Index;
                if (index < 0 || index >= length) return false;
                value = value[index];
            }
        }
        return true;
    }

    /// <summary>A value as a VU variable or for text tests: a string as is, anything else as its JSON text.</summary>
    public static string AsText(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();

    public override string ToString()
    {
        var sb = new StringBuilder("$");
        foreach (var seg in _segments)
            if (seg.Name is null) sb.Append('[').Append(seg.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            else sb.Append('.').Append(seg.Name);
        return sb.ToString();
    }
}
