namespace Rampa.Core.Protocols.Http;

/// <summary>
/// One request ready to send: where to (the origin, for picking the VU's connection) and the exact bytes.
/// Constant requests build one of these once; requests with variables build one per send.
/// </summary>
public sealed record HttpTarget(string Origin, string Host, int Port, bool Tls, bool IsHead, ReadOnlyMemory<byte> RequestBytes)
{
    public static string OriginOf(Uri uri) => $"{uri.Scheme}://{uri.Authority}";

    public static HttpTarget Create(Uri uri, string method, ReadOnlyMemory<byte> bytes) =>
        new(OriginOf(uri), uri.IdnHost, uri.Port, uri.Scheme == Uri.UriSchemeHttps, method == "HEAD", bytes);
}
