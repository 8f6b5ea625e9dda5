using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Rampa.Core.Thresholds;

/// <summary>
/// Parses threshold expressions (<c>aggregation operator number</c>, e.g. <c>p(95) &lt; 300</c>) and threshold keys
/// (<c>metric</c> or <c>metric{tag:value,...}</c>), k6's grammar.
/// <para>
/// Aggregations: <c>count rate value avg min max med p(N)</c> with 0 &lt;= N &lt;= 100 (N may be decimal, e.g.
/// <c>p(99.9)</c>). Operators: <c>&gt; &gt;= &lt;= &lt; == === !=</c>. The number is a decimal with an optional sign
/// and exponent. Whitespace is allowed between the parts. Names are case-sensitive, as in k6.
/// </para>
/// </summary>
public static class ThresholdParser
{
    private static readonly string[] Aggregations = ["count", "rate", "value", "avg", "min", "max", "med", "p(N)"];

    /// <summary>Parses one expression; on failure <paramref name="error"/> says what was expected and where.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ThresholdExpression? expression, out string error) =>
        TryParse(text, out expression, out error, out _);

    /// <summary>
    /// As <see cref="TryParse(string, out ThresholdExpression?, out string)"/>, also giving the 0-based index in
    /// <paramref name="text"/> where the problem is (for a precise column in the scenario file).
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ThresholdExpression? expression, out string error, out int errorIndex)
    {
        expression = null;
        error = "";
        errorIndex = 0;
        text ??= "";
        var p = new Cursor(text);
        p.SkipSpace();
        if (p.AtEnd) return Fail("empty threshold expression; expected e.g. 'p(95)<300' or 'rate<0.01'", p.Pos, out error, out errorIndex);

        // Aggregation.
        var aggStart = p.Pos;
        var name = p.TakeWhile(char.IsAsciiLetterOrDigit);
        ThresholdAggregation aggregation;
        double? percentile = null;
        if (name.Length == 0)
            return Fail($"expected an aggregation ({Join(Aggregations)}) at character {aggStart + 1}, found '{p.Rest}'", aggStart, out error, out errorIndex);
        if (name == "p")
        {
            p.SkipSpace();
            if (!p.Take('('))
                return Fail($"expected '(' after 'p' at character {p.Pos + 1}: percentiles are written p(N), e.g. p(95)", p.Pos, out error, out errorIndex);
            p.SkipSpace();
            var nStart = p.Pos;
            var nText = p.TakeWhile(c => char.IsAsciiDigit(c) || c == '.');
            if (nText.Length == 0 || !double.TryParse(nText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
                return Fail($"expected a percentile number at character {nStart + 1}, e.g. p(95) or p(99.9)", nStart, out error, out errorIndex);
            if (n > 100)
                return Fail($"percentile {nText} is out of range: N in p(N) must be between 0 and 100", nStart, out error, out errorIndex);
            p.SkipSpace();
            if (!p.Take(')'))
                return Fail($"expected ')' at character {p.Pos + 1} to close p({nText}", p.Pos, out error, out errorIndex);
            aggregation = ThresholdAggregation.Percentile;
            percentile = n;
        }
        else
        {
            ThresholdAggregation? a = name switch
            {
                "count" => ThresholdAggregation.Count,
                "rate" => ThresholdAggregation.Rate,
                "value" => ThresholdAggregation.Value,
                "avg" => ThresholdAggregation.Avg,
                "min" => ThresholdAggregation.Min,
                "max" => ThresholdAggregation.Max,
                "med" => ThresholdAggregation.Med,
                _ => null,
            };
            if (a is null)
            {
                var lower = name.ToLowerInvariant();
                var hint = Array.Exists(Aggregations, x => x == lower) ? $" (names are lower case: '{lower}')"
                    : lower.StartsWith('p') && lower.Length > 1 && lower.Skip(1).All(char.IsAsciiDigit) ? $" (write percentiles as p({lower[1..]}))"
                    : "";
                return Fail($"unknown aggregation '{name}'{hint}; expected {Join(Aggregations)}", aggStart, out error, out errorIndex);
            }
            aggregation = a.Value;
        }

        // Operator.
        p.SkipSpace();
        var opStart = p.Pos;
        ThresholdOperator op;
        if (p.Take("===")) op = ThresholdOperator.StrictEqual;
        else if (p.Take("==")) op = ThresholdOperator.Equal;
        else if (p.Take("!=")) op = ThresholdOperator.NotEqual;
        else if (p.Take(">=")) op = ThresholdOperator.GreaterOrEqual;
        else if (p.Take("<=")) op = ThresholdOperator.LessOrEqual;
        else if (p.Take(">")) op = ThresholdOperator.Greater;
        else if (p.Take("<")) op = ThresholdOperator.Less;
        else
        {
            var found = p.AtEnd ? "the end of the expression" : $"'{p.Rest}'";
            return Fail($"expected an operator (>, >=, <, <=, ==, ===, !=) at character {opStart + 1}, found {found}", opStart, out error, out errorIndex);
        }

        // Number.
        p.SkipSpace();
        var numStart = p.Pos;
        var numText = p.TakeNumber();
        if (numText.Length == 0 || !double.TryParse(numText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            var found = p.AtEnd && numText.Length == 0 ? "the end of the expression" : $"'{(numText.Length > 0 ? numText : p.Rest)}'";
            return Fail($"expected a number at character {numStart + 1}, found {found}", numStart, out error, out errorIndex);
        }
        p.SkipSpace();
        if (!p.AtEnd)
            return Fail($"unexpected '{p.Rest}' at character {p.Pos + 1} after the number", p.Pos, out error, out errorIndex);

        expression = new ThresholdExpression
        {
            Source = text.Trim(),
            Aggregation = aggregation,
            Percentile = percentile,
            Operator = op,
            Value = value,
        };
        return true;
    }

    /// <summary>
    /// Parses a threshold key as k6 does (its <c>ParseMetricName</c> and <c>Metric.AddSubmetric</c>): <c>http_req_duration</c> or
    /// <c>http_req_duration{name:home,method:GET}</c>. The metric name ends at the first <c>{</c> and the key must end with
    /// <c>}</c>; what is between is split at commas, each item at its first <c>:</c> (so a value may hold <c>:</c>,
    /// <c>{</c>, <c>}</c> or <c>$</c>, e.g. <c>name:http://${}.com</c>). Spaces and any single or double quotes around a
    /// tag name or value are stripped (<c>{name:'home'}</c> is <c>{name:home}</c>); a quoted empty value (<c>name:""</c>)
    /// matches the tag's empty value. Two things k6 would take silently are errors here, as they can only mislead: an
    /// empty tag name, and one tag given two different values.
    /// </summary>
    public static bool TryParseKey(string key, out string metric, out IReadOnlyDictionary<string, string> tags, out string error)
    {
        metric = "";
        tags = new Dictionary<string, string>();
        error = "";
        key = (key ?? "").Trim();
        var brace = key.IndexOf('{');
        var name = (brace < 0 ? key : key[..brace]).Trim();
        if (name.Length == 0) { error = "missing metric name; expected e.g. 'http_req_duration' or 'http_req_duration{name:home}'"; return false; }
        if (brace < 0 && key.Contains('}')) { error = "'}' without '{'"; return false; }
        if (!IsMetricName(name)) { error = $"'{name}' is not a metric name (letters, digits and '_', not starting with a digit)"; return false; }
        metric = name;
        if (brace < 0) return true;
        if (!key.EndsWith('}')) { error = "the tag filter must end with '}', e.g. http_req_duration{name:home}"; return false; }
        var inner = key[(brace + 1)..^1];
        if (inner.Trim().Length == 0) { error = "empty tag filter '{}'; write tags as {tag:value} or drop the braces"; return false; }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in inner.Split(','))
        {
            var colon = raw.IndexOf(':');
            if (colon < 0) { error = $"tag filter item '{raw.Trim()}' has no ':'; expected tag:value"; return false; }
            // k6 wants some text after ':' ("name:" is an error) but strips quotes afterwards ("name:''" is the empty value).
            if (raw[(colon + 1)..].Length == 0) { error = $"tag '{Unquote(raw[..colon])}' has no value after ':'"; return false; }
            var tag = Unquote(raw[..colon]);
            var value = Unquote(raw[(colon + 1)..]);
            if (tag.Length == 0) { error = $"tag filter item '{raw.Trim()}' has an empty tag name"; return false; }
            if (result.TryGetValue(tag, out var earlier) && earlier != value)
            { error = $"tag '{tag}' is given twice with different values ('{earlier}' and '{value}')"; return false; }
            result[tag] = value;
        }
        tags = result;
        return true;
    }

    /// <summary>k6's <c>strings.Trim(strings.TrimSpace(s), `"'`)</c>: spaces, then every leading and trailing quote of either kind.</summary>
    public static string Unquote(string text) => text.Trim().Trim('"', '\'');

    /// <summary>A tag filter as <c>metric{tag:value,...}</c>, quotes stripped, in the order written: what a threshold matches.</summary>
    public static string Describe(string metric, IReadOnlyDictionary<string, string> tags) =>
        tags.Count == 0 ? metric : $"{metric}{{{string.Join(",", tags.Select(t => $"{t.Key}:{t.Value}"))}}}";

    private static bool IsMetricName(string name) =>
        !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static string Join(IReadOnlyList<string> items) => string.Join(", ", items.Take(items.Count - 1)) + " or " + items[^1];

    private static bool Fail(string message, int index, out string error, out int errorIndex)
    {
        error = message;
        errorIndex = index;
        return false;
    }

    private ref struct Cursor(string text)
    {
        private readonly string _text = text;
        public int Pos;
        public readonly bool AtEnd => Pos >= _text.Length;
        public readonly string Rest => _text[Pos..].TrimEnd();

        public void SkipSpace() { while (Pos < _text.Length && char.IsWhiteSpace(_text[Pos])) Pos++; }

        public bool Take(char c)
        {
            if (Pos < _text.Length && _text[Pos] == c) { Pos++; return true; }
            return false;
        }

        public bool Take(string s)
        {
            if (string.CompareOrdinal(_text, Pos, s, 0, s.Length) == 0 && Pos + s.Length <= _text.Length) { Pos += s.Length; return true; }
            return false;
        }

        public string TakeWhile(Func<char, bool> accept)
        {
            var start = Pos;
            while (Pos < _text.Length && accept(_text[Pos])) Pos++;
            return _text[start..Pos];
        }

        /// <summary>[+-]? digits [. digits] ([eE] [+-]? digits)? — also ".5" and "5."; validated by double.TryParse.</summary>
        public string TakeNumber()
        {
            var start = Pos;
            if (Pos < _text.Length && _text[Pos] is '+' or '-') Pos++;
            while (Pos < _text.Length && (char.IsAsciiDigit(_text[Pos]) || _text[Pos] == '.')) Pos++;
            if (Pos < _text.Length && _text[Pos] is 'e' or 'E')
            {
                var save = Pos;
                Pos++;
                if (Pos < _text.Length && _text[Pos] is '+' or '-') Pos++;
                var digits = Pos;
                while (Pos < _text.Length && char.IsAsciiDigit(_text[Pos])) Pos++;
                if (Pos == digits) Pos = save;
            }
            return _text[start..Pos];
        }
    }
}
