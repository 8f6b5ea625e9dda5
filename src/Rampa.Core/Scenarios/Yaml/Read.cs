using System.Globalization;
using System.Text.RegularExpressions;
using Rampa.Core.Time;
using Rampa.Core.Workloads.Http;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Rampa.Core.Scenarios.Yaml;

/// <summary>
/// Typed reads of YAML values. Each returns null after reporting an error with the value's location and the key's
/// path. Scalars follow YAML 1.2's core schema: numbers and booleans are plain (unquoted) scalars, so
/// <c>vus: "10"</c> is text, not a number.
/// </summary>
internal static partial class Read
{
    public const string DurationExamples = "e.g. 500ms, 30s, 5m, 1h, 1m30s";

    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();

    /// <summary>True for an empty value, <c>~</c> or <c>null</c> (unquoted, untagged).</summary>
    public static bool IsNull(YamlScalarNode s) =>
        s.Style is ScalarStyle.Plain or ScalarStyle.Any && !HasStrTag(s) && s.Value is null or "" or "~" or "null" or "Null" or "NULL";

    public static bool IsNull(YamlNode node) => node is YamlScalarNode s && IsNull(s);

    /// <summary>A plain scalar: one whose type (number, boolean, null) is read from its text.</summary>
    public static bool IsPlain(YamlScalarNode s) => s.Style is ScalarStyle.Plain or ScalarStyle.Any && !HasStrTag(s);

    private static bool HasStrTag(YamlScalarNode s) => !s.Tag.IsEmpty && !s.Tag.IsNonSpecific && s.Tag.Value == "tag:yaml.org,2002:str";

    /// <summary>How a value reads in a message: <c>a mapping</c>, <c>a list</c>, <c>nothing</c>, <c>'abc'</c>.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "nothing",
        YamlScalarNode s when !IsPlain(s) => $"the text \"{Shorten(s.Value ?? "")}\"",
        YamlScalarNode s => $"'{Shorten(s.Value ?? "")}'",
        _ => "an alias",
    };

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";

    /// <summary>Any scalar's text (numbers and booleans too). Not a mapping, list or nothing.</summary>
    public static string? Text(LoadContext ctx, YamlNode node, string path, string expected = "text", bool allowEmpty = false)
    {
        if (node is YamlScalarNode s)
        {
            if (IsNull(s))
            {
                if (allowEmpty) return "";
                ctx.Error(node, path, $"expected {expected}, got nothing");
                return null;
            }
            var value = s.Value ?? "";
            if (!allowEmpty && value.Trim().Length == 0)
            {
                ctx.Error(node, path, $"expected {expected}, got an empty text");
                return null;
            }
            return value;
        }
        ctx.Error(node, path, $"expected {expected}, got {Describe(node)}");
        return null;
    }

    public static int? Int(LoadContext ctx, YamlNode node, string path)
    {
        var v = Integer(ctx, node, path, int.MinValue, int.MaxValue);
        return v is null ? null : (int)v.Value;
    }

    public static long? Long(LoadContext ctx, YamlNode node, string path) => Integer(ctx, node, path, long.MinValue, long.MaxValue);

    private static long? Integer(LoadContext ctx, YamlNode node, string path, long min, long max)
    {
        if (!PlainScalar(ctx, node, path, "an integer", out var text)) return null;
        if (IntPattern().IsMatch(text))
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max) return v;
            ctx.Error(node, path, $"{text} is out of range (at most {max.ToString(CultureInfo.InvariantCulture)})");
            return null;
        }
        ctx.Error(node, path, FloatPattern().IsMatch(text)
            ? $"expected a whole number, got {text}"
            : $"expected an integer, got {Describe(node)}");
        return null;
    }

    public static double? Number(LoadContext ctx, YamlNode node, string path)
    {
        if (!PlainScalar(ctx, node, path, "a number", out var text)) return null;
        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
            return v;
        ctx.Error(node, path, $"expected a number, got {Describe(node)}");
        return null;
    }

    public static bool? Bool(LoadContext ctx, YamlNode node, string path)
    {
        if (!PlainScalar(ctx, node, path, "true or false", out var text)) return null;
        switch (text)
        {
            case "true" or "True" or "TRUE": return true;
            case "false" or "False" or "FALSE": return false;
            default:
                ctx.Error(node, path, $"expected true or false, got {Describe(node)}");
                return null;
        }
    }

    /// <summary>A value that must be an unquoted scalar (a number or a boolean).</summary>
    private static bool PlainScalar(LoadContext ctx, YamlNode node, string path, string expected, out string text)
    {
        text = "";
        if (node is not YamlScalarNode s || IsNull(s))
        {
            ctx.Error(node, path, $"expected {expected}, got {Describe(node)}");
            return false;
        }
        if (!IsPlain(s))
        {
            ctx.Error(node, path, $"expected {expected}, got {Describe(node)} (write it without quotes)");
            return false;
        }
        text = (s.Value ?? "").Trim();
        return true;
    }

    /// <summary>A duration such as <c>30s</c> or <c>1m30s</c>; never negative.</summary>
    public static TimeSpan? Duration(LoadContext ctx, YamlNode node, string path)
    {
        if (node is not YamlScalarNode s || IsNull(s))
        {
            ctx.Error(node, path, $"expected a duration ({DurationExamples}), got {Describe(node)}");
            return null;
        }
        var text = (s.Value ?? "").Trim();
        if (TryDuration(text, out var value, out var error)) return value;
        ctx.Error(node, path, error);
        return null;
    }

    /// <summary>Parses a duration, with a message that shows the bad text and the expected form.</summary>
    public static bool TryDuration(string text, out TimeSpan value, out string error)
    {
        error = "";
        if (DurationFormat.TryParse(text, out value)) return true;
        if (text.StartsWith('-') && DurationFormat.TryParse(text[1..], out _))
            error = $"'{text}' is negative; a duration must be 0 or more ({DurationExamples})";
        else if (FloatPattern().IsMatch(text))
            error = $"'{text}' has no unit; write e.g. {text.TrimStart('+')}s or {text.TrimStart('+')}ms";
        else
            error = $"'{text}' is not a duration; expected {DurationExamples}";
        return false;
    }

    /// <summary>A think time: a fixed duration (<c>1s</c>) or a range (<c>100ms..300ms</c>, min &lt;= max).</summary>
    public static ThinkTime? Think(LoadContext ctx, YamlNode node, string path)
    {
        var text = Text(ctx, node, path, "a think time (a duration such as 1s, or a range such as 100ms..300ms)");
        if (text is null) return null;
        text = text.Trim();
        var dots = text.IndexOf("..", StringComparison.Ordinal);
        if (dots < 0)
        {
            if (TryDuration(text, out var fixedTime, out var error)) return new ThinkTime(fixedTime, fixedTime);
            ctx.Error(node, path, $"{error}; a think time is a duration or a range such as 100ms..300ms");
            return null;
        }
        var minText = text[..dots].Trim();
        var maxText = text[(dots + 2)..].Trim();
        var ok = true;
        if (!TryDuration(minText, out var min, out var minError)) { ctx.Error(node, path, $"think time range '{text}': {minError}"); ok = false; }
        if (!TryDuration(maxText, out var max, out var maxError)) { ctx.Error(node, path, $"think time range '{text}': {maxError}"); ok = false; }
        if (!ok) return null;
        if (min > max)
        {
            ctx.Error(node, path, $"think time range '{text}' has its minimum above its maximum; write it as min..max");
            return null;
        }
        return new ThinkTime(min, max);
    }

    /// <summary>A list; a single item stands for a list of one when <paramref name="allowSingle"/>.</summary>
    public static IReadOnlyList<YamlNode>? List(LoadContext ctx, YamlNode node, string path, string expected, bool allowSingle = false)
    {
        if (node is YamlSequenceNode seq) return seq.Children.ToList();
        if (allowSingle && node is YamlScalarNode s && !IsNull(s)) return [node];
        ctx.Error(node, path, $"expected {expected}, got {Describe(node)}");
        return null;
    }
}
