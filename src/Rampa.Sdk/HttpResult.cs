using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rampa.Sdk;

/// <summary>The response to one request (or why none came), with its timing.</summary>
public sealed class HttpResult(int status, string? error, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body, TimeSpan duration, bool expected)
{
    private string? _text;

    /// <summary>The status; 0 when no response came (then <see cref="Error"/> says why).</summary>
    public int Status { get; } = status;
    /// <summary>Why no response came (k6's error names: connection refused, reset, timeout...); null when one came.</summary>
    public string? Error { get; } = error;
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; } = headers;
    public byte[] BodyBytes { get; } = body;
    /// <summary>The body as UTF-8 text.</summary>
    public string Body => _text ??= Encoding.UTF8.GetString(BodyBytes);
    /// <summary><c>http_req_duration</c> of the request: sending + waiting + receiving.</summary>
    public TimeSpan Duration { get; } = duration;
    /// <summary>Whether the status is an expected one (not counted in <c>http_req_failed</c>).</summary>
    public bool IsExpected { get; } = expected;

    /// <summary>The first header of that name (case-insensitive), or null.</summary>
    public string? Header(string name)
    {
        foreach (var (key, value) in Headers)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return value;
        return null;
    }

    /// <summary>The body read as JSON into <typeparamref name="T"/> (web defaults: camelCase, case-insensitive).</summary>
    public T? Json<T>() => JsonSerializer.Deserialize<T>(BodyBytes, JsonOptions);

    /// <summary>The body as a JSON tree, e.g. <c>r.Json()?["items"]?[0]?["id"]</c>; null for an empty body.</summary>
    public JsonNode? Json() => BodyBytes.Length == 0 ? null : JsonNode.Parse(BodyBytes);

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
