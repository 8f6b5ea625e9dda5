using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Rampa.Core.Scenarios.Yaml;

/// <summary>
/// YAML to JSON, by YAML 1.2's core schema: unquoted <c>true</c>/<c>false</c>, <c>null</c>/<c>~</c>/empty, integers and
/// floats become JSON booleans, null and numbers; everything else (and every quoted scalar) is a string. Used for
/// <c>json:</c> bodies and to check files against the JSON Schema.
/// </summary>
internal static partial class YamlJson
{
    private static readonly JsonSerializerOptions Compact = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^0x[0-9a-fA-F]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HexPattern();

    [GeneratedRegex(@"^0o[0-7]+$", RegexOptions.CultureInvariant)]
    private static partial Regex OctalPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();

    /// <summary>Most values one conversion may produce: aliases can make a small file expand enormously.</summary>
    public const int MaxValues = 1_000_000;

    /// <summary>
    /// Compact JSON text of a YAML node (non-ASCII and HTML characters are kept as they are); false when it would
    /// hold more than <see cref="MaxValues"/> values.
    /// </summary>
    public static bool TryToJsonText(YamlNode node, out string json)
    {
        var budget = MaxValues;
        var value = Convert(node, ref budget);
        json = budget < 0 ? "" : value?.ToJsonString(Compact) ?? "null";
        return budget >= 0;
    }

    /// <summary>The JSON value of a YAML node; null for YAML's null (and past <see cref="MaxValues"/>).</summary>
    public static JsonNode? ToJsonNode(YamlNode node)
    {
        var budget = MaxValues;
        var value = Convert(node, ref budget);
        return budget < 0 ? null : value;
    }

    private static JsonNode? Convert(YamlNode node, ref int budget)
    {
        if (--budget < 0) return null;
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (k, v) in map.Children)
                {
                    var key = k is YamlScalarNode ks ? ks.Value ?? "" : Convert(k, ref budget)?.ToJsonString(Compact) ?? "null";
                    obj[key] = Convert(v, ref budget);
                    if (budget < 0) return null;
                }
                return obj;
            case YamlSequenceNode seq:
                var arr = new JsonArray();
                foreach (var item in seq.Children)
                {
                    arr.Add(Convert(item, ref budget));
                    if (budget < 0) return null;
                }
                return arr;
            case YamlScalarNode s:
                return Scalar(s);
            default:
                return null;
        }
    }

    private static JsonNode? Scalar(YamlScalarNode s)
    {
        var text = s.Value ?? "";
        if (!Read.IsPlain(s)) return JsonValue.Create(text);
        if (Read.IsNull(s)) return null;
        switch (text)
        {
            case "true" or "True" or "TRUE": return JsonValue.Create(true);
            case "false" or "False" or "FALSE": return JsonValue.Create(false);
        }
        if (IntPattern().IsMatch(text))
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
            if (decimal.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var m)) return JsonValue.Create(m);
        }
        if (HexPattern().IsMatch(text) && long.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
            return JsonValue.Create(hex);
        if (OctalPattern().IsMatch(text))
        {
            try { return JsonValue.Create(System.Convert.ToInt64(text[2..], 8)); }
            catch (OverflowException) { return JsonValue.Create(text); }
        }
        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
            return JsonValue.Create(d);
        return JsonValue.Create(text);
    }
}
