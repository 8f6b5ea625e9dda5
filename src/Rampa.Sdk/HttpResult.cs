using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rampa.Sdk;

/// <summary>The response to one request (or why none came), with its timing.</summary>
/// <remarks>
/// The engine hands over the response's bytes as they came; headers and body are turned into strings and arrays only
/// when read (the first read of each), so a response the code never looks at costs no parsing.
/// </remarks>
public sealed class HttpResult
{
    private readonly ReadOnlyMemory<byte> _head;
    private readonly ReadOnlyMemory<byte> _bodyMemory;
    private IReadOnlyList<KeyValuePair<string, string>>? _headers;
    private byte[]? _body;
    private string? _text;

    public HttpResult(int status, string? error, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body, TimeSpan duration, bool expected)
    {
        Status = status;
        Error = error;
        _headers = headers;
        _body = body;
        _bodyMemory = body;
        Duration = duration;
        IsExpected = expected;
    }

    /// <summary>
    /// A result over the response's raw bytes (what the engine makes): <paramref name="head"/> is the status line and
    /// header lines as received (through the blank line, already checked by the engine), <paramref name="body"/> the
    /// body; both are parsed or copied only when read, and must not change afterwards.
    /// </summary>
    public static HttpResult FromResponseBytes(int status, string? error, ReadOnlyMemory<byte> head, ReadOnlyMemory<byte> body, TimeSpan duration, bool expected) =>
        new(status, error, head, body, duration, expected);

    private HttpResult(int status, string? error, ReadOnlyMemory<byte> head, ReadOnlyMemory<byte> body, TimeSpan duration, bool expected)
    {
        Status = status;
        Error = error;
        _head = head;
        _bodyMemory = body;
        Duration = duration;
        IsExpected = expected;
    }

    /// <summary>The status; 0 when no response came (then <see cref="Error"/> says why).</summary>
    public int Status { get; }
    /// <summary>Why no response came (k6's error names: connection refused, reset, timeout...); null when one came.</summary>
    public string? Error { get; }
    /// <summary>The response's headers, in order (names as sent).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers ??= ParseHeaders(_head.Span);
    public byte[] BodyBytes => _body ??= _bodyMemory.ToArray();
    /// <summary>The body as UTF-8 text.</summary>
    public string Body => _text ??= Encoding.UTF8.GetString(_bodyMemory.Span);
    /// <summary><c>http_req_duration</c> of the request: sending + waiting + receiving.</summary>
    public TimeSpan Duration { get; }
    /// <summary>Whether the status is an expected one (not counted in <c>http_req_failed</c>).</summary>
    public bool IsExpected { get; }

    /// <summary>The first header of that name (case-insensitive), or null.</summary>
    public string? Header(string name)
    {
        if (_headers is null)
        {
            // Straight from the bytes: only the value asked for becomes a string.
            foreach (var (key, value) in HeaderLines(_head.Span))
                if (Matches(_head.Span[key], name)) return Encoding.Latin1.GetString(_head.Span[value]);
            return null;
        }
        foreach (var (key, value) in _headers)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return value;
        return null;
    }

    /// <summary>The body read as JSON into <typeparamref name="T"/> (web defaults: camelCase, case-insensitive).</summary>
    public T? Json<T>() => JsonSerializer.Deserialize<T>(_bodyMemory.Span, JsonOptions);

    /// <summary>The body as a JSON tree, e.g. <c>r.Json()?["items"]?[0]?["id"]</c>; null for an empty body.</summary>
    public JsonNode? Json() => _bodyMemory.Length == 0 ? null : JsonNode.Parse(_bodyMemory.Span);

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static List<KeyValuePair<string, string>> ParseHeaders(ReadOnlySpan<byte> head)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in HeaderLines(head))
            headers.Add(new(Encoding.Latin1.GetString(head[key]), Encoding.Latin1.GetString(head[value])));
        return headers;
    }

    private static bool Matches(ReadOnlySpan<byte> key, string name)
    {
        if (key.Length != name.Length) return false;
        for (var i = 0; i < key.Length; i++)
            if (char.ToLowerInvariant((char)key[i]) != char.ToLowerInvariant(name[i])) return false;
        return true;
    }

    /// <summary>Each header line's name and value (trimmed of SP and HTAB) as ranges of <paramref name="head"/>; the status line is skipped.</summary>
    private static List<(Range Name, Range Value)> HeaderLines(ReadOnlySpan<byte> head)
    {
        var lines = new List<(Range, Range)>();
        var start = head.IndexOf("\r\n"u8);
        if (start < 0) return lines;
        start += 2;
        while (start < head.Length)
        {
            var length = head[start..].IndexOf("\r\n"u8);
            if (length <= 0) break; // the blank line that ends the head
            var line = head.Slice(start, length);
            var colon = line.IndexOf((byte)':');
            if (colon > 0)
            {
                var valueStart = colon + 1;
                var valueEnd = line.Length;
                while (valueStart < valueEnd && line[valueStart] is (byte)' ' or (byte)'\t') valueStart++;
                while (valueEnd > valueStart && line[valueEnd - 1] is (byte)' ' or (byte)'\t') valueEnd--;
                lines.Add((start..(start + colon), (start + valueStart)..(start + valueEnd)));
            }
            start += length + 2;
        }
        return lines;
    }
}
