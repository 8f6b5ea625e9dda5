using System.Text;

namespace Rampa.Core.Protocols.Http;

/// <summary>
/// One request ready to send: where to (the origin, for picking the VU's connection) and the exact bytes.
/// Constant requests build one of these once; requests with variables build one per send.
/// </summary>
public sealed record HttpTarget(string Origin, string Host, int Port, bool Tls, bool IsHead, ReadOnlyMemory<byte> RequestBytes)
{
    /// <summary>
    /// For an HTTP/2 request (<see cref="Http2Requester"/>), its parts: HTTP/2 writes no bytes of its own
    /// (<see cref="RequestBytes"/> then holds only the request line, for failure messages). Null for HTTP/1.1.
    /// </summary>
    public HttpRequestParts? Parts { get; init; }

    public static string OriginOf(Uri uri) => $"{uri.Scheme}://{uri.Authority}";

    public static HttpTarget Create(Uri uri, string method, ReadOnlyMemory<byte> bytes) =>
        new(OriginOf(uri), uri.IdnHost, uri.Port, uri.Scheme == Uri.UriSchemeHttps, method == "HEAD", bytes);

    /// <summary>An HTTP/2 (or <c>auto</c>) request: its parts, and the request line as bytes for failure messages.</summary>
    public static HttpTarget CreateHttp2(Uri uri, string method, IReadOnlyList<(string Name, string Value)> headers, byte[]? body,
        string? contentType, HttpVersionChoice version) =>
        Create(uri, method, Encoding.ASCII.GetBytes($"{method} {(uri.PathAndQuery.Length == 0 ? "/" : uri.PathAndQuery)} HTTP/2\r\n")) with
        {
            // Parse gives the shared instances of the standard methods, which the handler encodes from its static table.
            Parts = new HttpRequestParts(HttpMethod.Parse(method), uri, [.. headers], body, contentType, version),
        };
}

/// <summary>What an HTTP/2 request is made of; a fresh <see cref="HttpRequestMessage"/> is built from it per send.</summary>
public sealed record HttpRequestParts(HttpMethod Method, Uri Uri, (string Name, string Value)[] Headers, byte[]? Body, string? ContentType,
    HttpVersionChoice Version);
