using System.Buffers.Text;
using System.Text;

namespace Rampa.Core.Protocols.Http;

/// <summary>
/// The status line and the headers of an HTTP/1.1 response that decide how to read the rest: the status, the body's
/// framing (Content-Length, chunked, or until close) and whether the connection stays open. Parsing is done on the
/// raw bytes, without allocating, unless the caller asks for the headers (checks and captures do).
/// </summary>
public sealed class Http1ResponseHead
{
    public int Status { get; private set; }
    public bool Http10 { get; private set; }
    /// <summary>-1 when the response gave none.</summary>
    public long ContentLength { get; private set; } = -1;
    public bool Chunked { get; private set; }
    public bool ConnectionClose { get; private set; }
    public bool ConnectionKeepAlive { get; private set; }
    /// <summary>The headers, in order, when they were asked for; otherwise null.</summary>
    public List<KeyValuePair<string, string>>? Headers { get; private set; }

    /// <summary>Whether the connection may carry another request after this response.</summary>
    public bool KeepAlive => !ConnectionClose && (!Http10 || ConnectionKeepAlive);

    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;
    /// <summary>Optional whitespace around header values and list elements (RFC 9110 section 5.6.3): SP and HTAB.</summary>
    private static ReadOnlySpan<byte> Whitespace => " \t"u8;

    /// <summary>
    /// Parses a response head from the start of <paramref name="buffer"/>. Returns 0 when the head is not complete yet,
    /// the head's length (through the blank line) when it parsed, or -1 with <paramref name="error"/> set.
    /// </summary>
    public int TryParse(ReadOnlySpan<byte> buffer, bool keepHeaders, out string? error)
    {
        error = null;
        var end = buffer.IndexOf(HeadEnd);
        if (end < 0) return 0;
        Reset(keepHeaders);
        var head = buffer[..(end + 2)];
        var lineEnd = head.IndexOf("\r\n"u8);
        var statusLine = head[..lineEnd];
        // HTTP/1.x SP 3DIGIT [SP reason]
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != (byte)' '
            || (statusLine.Length > 12 && statusLine[12] != (byte)' ')
            || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out var used) || used != 3 || status < 100 || status > 999)
        {
            error = "invalid response";
            return -1;
        }
        Status = status;
        Http10 = statusLine[7] == (byte)'0';
        var rest = head[(lineEnd + 2)..];
        while (!rest.IsEmpty)
        {
            var nl = rest.IndexOf("\r\n"u8);
            var line = rest[..nl];
            rest = rest[(nl + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0) { error = "invalid response"; return -1; }
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(Whitespace);
            if (name.Length == 14 && Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!Utf8Parser.TryParse(value, out long length, out var n) || n != value.Length || length < 0) { error = "invalid response"; return -1; }
                ContentLength = length;
            }
            else if (name.Length == 17 && Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
                Chunked = ContainsToken(value, "chunked"u8);
            else if (name.Length == 10 && Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                ConnectionClose |= ContainsToken(value, "close"u8);
                ConnectionKeepAlive |= ContainsToken(value, "keep-alive"u8);
            }
            Headers?.Add(new(Encoding.Latin1.GetString(name), Encoding.Latin1.GetString(value)));
        }
        return end + 4;
    }

    /// <summary>True when this response can have no body whatever its headers say (RFC 9112 section 6.3).</summary>
    public bool HasNoBody(bool headRequest) => headRequest || Status is (>= 100 and < 200) or 204 or 304;

    private void Reset(bool keepHeaders)
    {
        Status = 0;
        Http10 = false;
        ContentLength = -1;
        Chunked = false;
        ConnectionClose = false;
        ConnectionKeepAlive = false;
        Headers = keepHeaders ? new List<KeyValuePair<string, string>>() : null;
    }

    private static bool ContainsToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        foreach (var range in value.Split((byte)','))
            if (Ascii.EqualsIgnoreCase(value[range].Trim(Whitespace), token)) return true;
        return false;
    }
}
