using System.Text;
using Rampa.Core.Protocols.Http;

namespace Rampa.Core.Tests.Protocols;

public class Http1ResponseHeadTests
{
    private static byte[] B(string s) => Encoding.Latin1.GetBytes(s);

    private static Http1ResponseHead Parse(string text, bool keepHeaders = false)
    {
        var head = new Http1ResponseHead();
        var n = head.TryParse(B(text), keepHeaders, out var error);
        Assert.Null(error);
        Assert.True(n > 0, $"expected a parsed head, got {n}");
        return head;
    }

    private static void AssertInvalid(string text)
    {
        var head = new Http1ResponseHead();
        var n = head.TryParse(B(text), keepHeaders: true, out var error);
        Assert.Equal(-1, n);
        Assert.Equal("invalid response", error);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n", 200, false)]
    [InlineData("HTTP/1.0 404 Not Found\r\n\r\n", 404, true)]
    [InlineData("HTTP/1.1 204\r\n\r\n", 204, false)]
    [InlineData("HTTP/1.1 204 \r\n\r\n", 204, false)]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\n", 100, false)]
    [InlineData("HTTP/1.1 999 Whatever\r\n\r\n", 999, false)]
    [InlineData("HTTP/1.1 503 Service Unavailable Right Now\r\n\r\n", 503, false)]
    public void Status_line_variants(string text, int status, bool http10)
    {
        var head = new Http1ResponseHead();
        var n = head.TryParse(B(text), keepHeaders: false, out var error);
        Assert.Null(error);
        Assert.Equal(text.Length, n);
        Assert.Equal(status, head.Status);
        Assert.Equal(http10, head.Http10);
        Assert.Equal(-1, head.ContentLength);
        Assert.False(head.Chunked);
        Assert.False(head.ConnectionClose);
        Assert.Null(head.Headers);
    }

    [Fact]
    public void Returns_the_head_length_and_leaves_the_body_alone()
    {
        const string headText = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n";
        var head = new Http1ResponseHead();
        var n = head.TryParse(B(headText + "hello" + "HTTP/1.1 200 OK\r\n\r\n"), false, out var error);
        Assert.Null(error);
        Assert.Equal(headText.Length, n);
        Assert.Equal(5, head.ContentLength);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\n")]
    [InlineData("HTTP/1.0 404 Not Found\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("HTTP/1.1 204\r\n\r\n")]
    public void Every_prefix_of_a_valid_head_is_incomplete(string text)
    {
        var bytes = B(text);
        var head = new Http1ResponseHead();
        for (var len = 0; len < bytes.Length; len++)
        {
            var n = head.TryParse(bytes.AsSpan(0, len), keepHeaders: true, out var error);
            Assert.True(n == 0, $"prefix of {len} bytes returned {n}");
            Assert.Null(error);
        }
        Assert.Equal(bytes.Length, head.TryParse(bytes, true, out var e));
        Assert.Null(e);
    }

    [Theory]
    [InlineData("garbage\r\n\r\n")]
    [InlineData("SSH-2.0-OpenSSH_9.6\r\n\r\n")]
    [InlineData("\r\n\r\n")]
    [InlineData("HTTP/2 200\r\n\r\n")]
    [InlineData("HTTP/2.0 200 OK\r\n\r\n")]
    [InlineData("HTTP/3 200 OK\r\n\r\n")]
    [InlineData("http/1.1 200 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 20 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 20\r\n\r\n")]
    [InlineData("HTTP/1.1 2000 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 2000\r\n\r\n")]
    [InlineData("HTTP/1.1 20x OK\r\n\r\n")]
    [InlineData("HTTP/1.1 abc OK\r\n\r\n")]
    [InlineData("HTTP/1.1 099 Low\r\n\r\n")]
    [InlineData("HTTP/1.1 -20 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 +20 OK\r\n\r\n")]
    [InlineData("HTTP/1.1  200 OK\r\n\r\n")]
    [InlineData("HTTP/1.1-200 OK\r\n\r\n")]
    [InlineData("HTTP/1.1\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5x\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1 2\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nNoColonHere\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nX-A: b\r\nbroken line\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\n: no name\r\n\r\n")]
    public void Invalid_heads_are_rejected(string text) => AssertInvalid(text);

    [Theory]
    [InlineData("Content-Length: 42", 42)]
    [InlineData("content-length: 42", 42)]
    [InlineData("CONTENT-LENGTH:42", 42)]
    [InlineData("Content-Length:   7   ", 7)]
    [InlineData("Content-Length:\t7\t", 7)]
    [InlineData("Content-Length: \t7 \t", 7)]
    [InlineData("Content-Length: 0", 0)]
    [InlineData("Content-Length: 12345678901", 12345678901)]
    public void Content_length_is_parsed_whatever_the_case_and_whitespace(string header, long expected)
    {
        var head = Parse($"HTTP/1.1 200 OK\r\n{header}\r\n\r\n");
        Assert.Equal(expected, head.ContentLength);
        Assert.False(head.Chunked);
    }

    [Theory]
    [InlineData("Transfer-Encoding: chunked", true)]
    [InlineData("transfer-encoding: CHUNKED", true)]
    [InlineData("Transfer-Encoding: gzip, chunked", true)]
    [InlineData("Transfer-Encoding: gzip,chunked", true)]
    [InlineData("Transfer-Encoding: gzip", false)]
    [InlineData("Transfer-Encoding: chunkedx", false)]
    [InlineData("X-Transfer-Encoding: chunked", false)]
    public void Chunked_transfer_coding(string header, bool chunked)
    {
        var head = Parse($"HTTP/1.1 200 OK\r\n{header}\r\n\r\n");
        Assert.Equal(chunked, head.Chunked);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n", false, false, true)]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", true, false, false)]
    [InlineData("HTTP/1.1 200 OK\r\nconnection: CLOSE\r\n\r\n", true, false, false)]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: Upgrade, Close\r\n\r\n", true, false, false)]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\n\r\n", false, true, true)]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: Keep-Alive\r\nConnection: close\r\n\r\n", true, true, false)]
    [InlineData("HTTP/1.0 200 OK\r\n\r\n", false, false, false)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\n", false, false, false)]
    [InlineData("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\n", false, true, true)]
    [InlineData("HTTP/1.0 200 OK\r\nCONNECTION: KEEP-ALIVE\r\n\r\n", false, true, true)]
    [InlineData("HTTP/1.0 200 OK\r\nConnection: keep-alive, close\r\n\r\n", true, true, false)]
    public void Connection_persistence(string text, bool close, bool keepAliveToken, bool keepAlive)
    {
        var head = Parse(text);
        Assert.Equal(close, head.ConnectionClose);
        Assert.Equal(keepAliveToken, head.ConnectionKeepAlive);
        Assert.Equal(keepAlive, head.KeepAlive);
    }

    [Fact]
    public void Headers_are_kept_in_order_only_when_asked()
    {
        const string text = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Trace:   abc def  \r\nset-cookie: a=1\r\nSet-Cookie: b=2\r\nX-Empty:\r\nContent-Length: 3\r\n\r\n";
        var head = new Http1ResponseHead();
        Assert.True(head.TryParse(B(text), keepHeaders: false, out _) > 0);
        Assert.Null(head.Headers);

        Assert.True(head.TryParse(B(text), keepHeaders: true, out _) > 0);
        Assert.NotNull(head.Headers);
        var expected = new List<KeyValuePair<string, string>>
        {
            new("Content-Type", "text/plain"),
            new("X-Trace", "abc def"),
            new("set-cookie", "a=1"),
            new("Set-Cookie", "b=2"),
            new("X-Empty", ""),
            new("Content-Length", "3"),
        };
        Assert.Equal(expected, head.Headers);
        Assert.Equal(3, head.ContentLength);

        // A later parse without headers forgets them.
        Assert.True(head.TryParse(B("HTTP/1.1 204\r\n\r\n"), keepHeaders: false, out _) > 0);
        Assert.Null(head.Headers);
    }

    [Fact]
    public void Header_values_are_latin1_bytes()
    {
        var bytes = new List<byte>(B("HTTP/1.1 200 OK\r\nX-Name: caf"));
        bytes.Add(0xE9);
        bytes.AddRange(B("\r\n\r\n"));
        var head = new Http1ResponseHead();
        Assert.Equal(bytes.Count, head.TryParse(bytes.ToArray(), true, out _));
        Assert.Equal("café", head.Headers![0].Value);
    }

    [Fact]
    public void A_reused_head_forgets_the_previous_response()
    {
        var head = new Http1ResponseHead();
        Assert.True(head.TryParse(B("HTTP/1.0 500 Oops\r\nContent-Length: 9\r\nTransfer-Encoding: chunked\r\nConnection: close, keep-alive\r\n\r\n"), true, out _) > 0);
        Assert.Equal(500, head.Status);
        Assert.True(head.Http10);
        Assert.True(head.Chunked);
        Assert.True(head.ConnectionClose);
        Assert.True(head.ConnectionKeepAlive);

        Assert.True(head.TryParse(B("HTTP/1.1 200 OK\r\n\r\n"), false, out _) > 0);
        Assert.Equal(200, head.Status);
        Assert.False(head.Http10);
        Assert.Equal(-1, head.ContentLength);
        Assert.False(head.Chunked);
        Assert.False(head.ConnectionClose);
        Assert.False(head.ConnectionKeepAlive);
        Assert.True(head.KeepAlive);
        Assert.Null(head.Headers);
    }

    [Theory]
    [InlineData(100, false, true)]
    [InlineData(101, false, true)]
    [InlineData(199, false, true)]
    [InlineData(200, false, false)]
    [InlineData(201, false, false)]
    [InlineData(204, false, true)]
    [InlineData(205, false, false)]
    [InlineData(301, false, false)]
    [InlineData(304, false, true)]
    [InlineData(404, false, false)]
    [InlineData(500, false, false)]
    [InlineData(200, true, true)]
    [InlineData(404, true, true)]
    public void Has_no_body(int status, bool headRequest, bool noBody)
    {
        var head = Parse($"HTTP/1.1 {status} X\r\nContent-Length: 10\r\n\r\n");
        Assert.Equal(status, head.Status);
        Assert.Equal(noBody, head.HasNoBody(headRequest));
    }
}
