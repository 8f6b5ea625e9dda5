using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rampa.Core.Protocols.Http;
using Rampa.Core.Scenarios;

namespace Rampa.Core.Workloads.Http;

/// <summary>
/// Evaluates checks and captures against a response. A request that got no response fails every check and capture.
/// </summary>
public static class CheckEvaluator
{
    /// <summary>A check that needs only the status (the fast path, where the response is not kept).</summary>
    public static bool Passes(CheckSpec check, in HttpOutcome outcome) => check switch
    {
        StatusCheck s => outcome.Status != 0 && s.Expected.Contains(outcome.Status),
        _ => false,
    };

    public static bool Passes(CheckSpec check, ResponseView response)
    {
        if (!response.HasResponse) return false;
        try
        {
            return check switch
            {
                StatusCheck s => s.Expected.Contains(response.Status),
                HeaderCheck h => HeaderPasses(h, response),
                BodyContainsCheck b => response.Text.Contains(b.Text, StringComparison.Ordinal),
                BodyMatchesCheck b => b.Pattern.IsMatch(response.Text),
                BodySizeCheck b => Compare(response.BodyLength, b.Size, b.Op),
                JsonCheck j => JsonPasses(j, response),
                _ => false,
            };
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>The captured value, or null when the capture finds nothing.</summary>
    public static string? Capture(CaptureSpec capture, ResponseView response)
    {
        if (!response.HasResponse) return null;
        try
        {
            switch (capture.Source)
            {
                case CaptureSource.Json:
                    return response.Json is { } root && capture.Path!.TryFind(root, out var value) ? JsonPath.AsText(value) : null;
                case CaptureSource.Header:
                    foreach (var (name, v) in response.Headers)
                        if (string.Equals(name, capture.Header, StringComparison.OrdinalIgnoreCase)) return v;
                    return null;
                default:
                    var m = capture.Pattern!.Match(response.Text);
                    if (!m.Success) return null;
                    return m.Groups.Count > 1 && m.Groups[1].Success ? m.Groups[1].Value : m.Value;
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static bool HeaderPasses(HeaderCheck h, ResponseView response)
    {
        var any = false;
        foreach (var (name, value) in response.Headers)
        {
            if (!string.Equals(name, h.Header, StringComparison.OrdinalIgnoreCase)) continue;
            any = true;
            var pass = h.Test switch
            {
                ValueTest.Exists => true,
                ValueTest.Equals => string.Equals(value, h.Text, StringComparison.Ordinal),
                ValueTest.Contains => value.Contains(h.Text!, StringComparison.Ordinal),
                ValueTest.Matches => h.Pattern!.IsMatch(value),
                _ => false,
            };
            if (pass) return true;
        }
        return h.Test == ValueTest.Absent && !any;
    }

    private static bool JsonPasses(JsonCheck j, ResponseView response)
    {
        if (response.Json is not { } root) return false;
        var found = j.Path.TryFind(root, out var value);
        return j.Test switch
        {
            ValueTest.Exists => found,
            ValueTest.Absent => !found,
            _ when !found => false,
            ValueTest.Contains => JsonPath.AsText(value).Contains(j.Text!, StringComparison.Ordinal),
            ValueTest.Matches => j.Pattern!.IsMatch(JsonPath.AsText(value)),
            ValueTest.Compare or ValueTest.Equals => JsonCompare(value, j.Op, j.Expected),
            _ => false,
        };
    }

    /// <summary>
    /// <c>==</c> and <c>!=</c>: numbers compare as numbers, a string compares with the expected value's text (so
    /// <c>"7"</c> equals 7 when written either way), objects and arrays compare deeply. Ordering needs two numbers.
    /// </summary>
    public static bool JsonCompare(JsonElement actual, CompareOp op, JsonNode? expected)
    {
        if (op is CompareOp.Equal or CompareOp.NotEqual)
            return JsonEquals(actual, expected) == (op == CompareOp.Equal);
        if (actual.ValueKind != JsonValueKind.Number || !TryNumber(expected, out var e)) return false;
        return Compare(actual.GetDouble(), e, op);
    }

    private static bool JsonEquals(JsonElement actual, JsonNode? expected)
    {
        if (expected is null) return actual.ValueKind == JsonValueKind.Null;
        if (actual.ValueKind == JsonValueKind.Number && TryNumber(expected, out var e)) return actual.GetDouble() == e;
        if (expected is JsonValue ev && actual.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            var expectedText = ev.TryGetValue<string>(out var str) ? str : ev.ToJsonString();
            return string.Equals(JsonPath.AsText(actual), expectedText, StringComparison.Ordinal);
        }
        return JsonNode.DeepEquals(JsonNode.Parse(actual.GetRawText()), expected);
    }

    private static bool TryNumber(JsonNode? node, out double value)
    {
        value = 0;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) return false;
        return double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public static bool Compare(double actual, double expected, CompareOp op) => op switch
    {
        CompareOp.Equal => actual == expected,
        CompareOp.NotEqual => actual != expected,
        CompareOp.Greater => actual > expected,
        CompareOp.GreaterOrEqual => actual >= expected,
        CompareOp.Less => actual < expected,
        _ => actual <= expected,
    };

    public static string Symbol(CompareOp op) => op switch
    {
        CompareOp.Equal => "==",
        CompareOp.NotEqual => "!=",
        CompareOp.Greater => ">",
        CompareOp.GreaterOrEqual => ">=",
        CompareOp.Less => "<",
        _ => "<=",
    };
}

/// <summary>
/// A response as checks and captures read it: the status, the headers, and the body decoded lazily (as UTF-8 text,
/// as a JSON document) once for all the checks of the response.
/// </summary>
public sealed class ResponseView : IDisposable
{
    private readonly byte[]? _body;
    private string? _text;
    private JsonDocument? _json;
    private bool _jsonTried;

    public ResponseView(int status, IReadOnlyList<KeyValuePair<string, string>>? headers, byte[]? body, int bodyLength)
    {
        Status = status;
        Headers = headers ?? [];
        _body = body;
        BodyLength = bodyLength;
    }

    public static ResponseView From(in HttpOutcome outcome, IReadOnlyList<KeyValuePair<string, string>>? headers) =>
        new(outcome.Status, outcome.Status == 0 ? null : headers, outcome.Body, outcome.BodyLength);

    /// <summary>False when the request got no response (every check fails).</summary>
    public bool HasResponse => Status != 0;
    public int Status { get; }
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }
    public int BodyLength { get; }

    public string Text => _text ??= _body is null ? "" : Encoding.UTF8.GetString(_body);

    /// <summary>The body's JSON root, or null when the body is not JSON.</summary>
    public JsonElement? Json
    {
        get
        {
            if (!_jsonTried)
            {
                _jsonTried = true;
                if (_body is { Length: > 0 })
                {
                    try { _json = JsonDocument.Parse(_body); }
                    catch (JsonException) { _json = null; }
                }
            }
            return _json?.RootElement;
        }
    }

    public void Dispose() => _json?.Dispose();
}
