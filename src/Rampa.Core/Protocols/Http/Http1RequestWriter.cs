using System.Buffers;
using System.Text;

namespace Rampa.Core.Protocols.Http;

/// <summary>
/// Writes an HTTP/1.1 request as bytes: request line, Host, the caller's headers, a User-Agent unless given,
/// Content-Length and Content-Type when there is a body, then the body. Constant requests are written once and
/// reused for every send.
/// </summary>
public static class Http1RequestWriter
{
    public static readonly string UserAgent = $"rampa/{typeof(Http1RequestWriter).Assembly.GetName().Version?.ToString(3) ?? "0"}";

    public static void Write(IBufferWriter<byte> output, string method, Uri uri, IReadOnlyList<(string Name, string Value)> headers,
        ReadOnlySpan<byte> body, string? contentType)
    {
        Ascii(output, method);
        Ascii(output, " ");
        Ascii(output, uri.PathAndQuery.Length == 0 ? "/" : uri.PathAndQuery);
        Ascii(output, " HTTP/1.1\r\nHost: ");
        // IdnHost is ASCII (Authority keeps an IDN host in Unicode) but drops an IPv6 literal's brackets.
        var host = uri.HostNameType == UriHostNameType.IPv6 ? "[" + uri.IdnHost + "]" : uri.IdnHost;
        Ascii(output, uri.IsDefaultPort ? host : host + ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Ascii(output, "\r\n");
        var hasUserAgent = false;
        var hasContentType = false;
        foreach (var (name, value) in headers)
        {
            // The framing headers are ours: a user's Host, Content-Length or Transfer-Encoding would corrupt it.
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) continue;
            hasUserAgent |= name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase);
            hasContentType |= name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase);
            Ascii(output, name);
            Ascii(output, ": ");
            Utf8(output, value);
            Ascii(output, "\r\n");
        }
        if (!hasUserAgent) { Ascii(output, "User-Agent: "); Ascii(output, UserAgent); Ascii(output, "\r\n"); }
        if (!body.IsEmpty || method is "POST" or "PUT" or "PATCH")
        {
            if (contentType is not null && !hasContentType) { Ascii(output, "Content-Type: "); Ascii(output, contentType); Ascii(output, "\r\n"); }
            Ascii(output, "Content-Length: ");
            Ascii(output, body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Ascii(output, "\r\n");
        }
        Ascii(output, "\r\n");
        output.Write(body);
    }

    public static byte[] ToArray(string method, Uri uri, IReadOnlyList<(string Name, string Value)> headers, ReadOnlySpan<byte> body, string? contentType)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(buffer, method, uri, headers, body, contentType);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Ascii(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(text.Length);
        var n = Encoding.ASCII.GetBytes(text, span);
        output.Advance(n);
    }

    private static void Utf8(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
