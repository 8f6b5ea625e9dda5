using System.Buffers;
using System.Text;
using Rampa.Core.Protocols.Http;

namespace Rampa.Core.Tests.Protocols;

public class Http1RequestWriterTests
{
    private static readonly string Ua = Http1RequestWriter.UserAgent;

    private static string Write(string method, string url, (string, string)[]? headers = null, string? body = null, string? contentType = null) =>
        Encoding.UTF8.GetString(Http1RequestWriter.ToArray(method, new Uri(url), headers ?? [],
            body is null ? ReadOnlySpan<byte>.Empty : Encoding.UTF8.GetBytes(body), contentType));

    [Fact]
    public void User_agent_names_rampa_and_its_version()
    {
        Assert.Matches(@"^rampa/\d+\.\d+\.\d+$", Ua);
    }

    [Fact]
    public void Get_with_a_non_default_port()
    {
        Assert.Equal($"GET /a/b?x=1&y=2 HTTP/1.1\r\nHost: example.com:8080\r\nUser-Agent: {Ua}\r\n\r\n",
            Write("GET", "http://example.com:8080/a/b?x=1&y=2"));
    }

    [Theory]
    [InlineData("http://example.com/", "example.com")]
    [InlineData("http://example.com:80/", "example.com")]
    [InlineData("https://example.com/", "example.com")]
    [InlineData("https://example.com:443/", "example.com")]
    [InlineData("http://example.com:443/", "example.com:443")]
    [InlineData("https://example.com:80/", "example.com:80")]
    [InlineData("http://127.0.0.1:5000/", "127.0.0.1:5000")]
    [InlineData("http://127.0.0.1/", "127.0.0.1")]
    [InlineData("http://EXAMPLE.com:8080/", "example.com:8080")]
    [InlineData("http://[::1]:8080/", "[::1]:8080")]
    [InlineData("http://[::1]/", "[::1]")]
    [InlineData("http://bücher.example/", "xn--bcher-kva.example")]
    [InlineData("http://bücher.example:8080/", "xn--bcher-kva.example:8080")]
    public void Host_header(string url, string host)
    {
        Assert.Equal($"GET / HTTP/1.1\r\nHost: {host}\r\nUser-Agent: {Ua}\r\n\r\n", Write("GET", url));
    }

    [Theory]
    [InlineData("http://example.com", "/")]
    [InlineData("http://example.com/", "/")]
    [InlineData("http://example.com?q=1", "/?q=1")]
    [InlineData("http://example.com/p/?q=a%20b&r=%2F", "/p/?q=a%20b&r=%2F")]
    [InlineData("http://example.com/a b", "/a%20b")]
    [InlineData("http://example.com/x#fragment", "/x")]
    public void Path_and_query_are_kept(string url, string target)
    {
        Assert.Equal($"GET {target} HTTP/1.1\r\nHost: example.com\r\nUser-Agent: {Ua}\r\n\r\n", Write("GET", url));
    }

    [Fact]
    public void Headers_in_order_and_the_default_user_agent_last()
    {
        Assert.Equal($"GET / HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\nX-Trace: abc\r\nUser-Agent: {Ua}\r\n\r\n",
            Write("GET", "http://example.com/", [("Accept", "*/*"), ("X-Trace", "abc")]));
    }

    [Theory]
    [InlineData("User-Agent")]
    [InlineData("user-agent")]
    [InlineData("USER-AGENT")]
    public void A_given_user_agent_replaces_the_default(string name)
    {
        Assert.Equal($"GET / HTTP/1.1\r\nHost: example.com\r\n{name}: custom/1\r\nAccept: */*\r\n\r\n",
            Write("GET", "http://example.com/", [(name, "custom/1"), ("Accept", "*/*")]));
    }

    [Fact]
    public void Framing_headers_of_the_user_are_dropped()
    {
        Assert.Equal($"GET / HTTP/1.1\r\nHost: example.com\r\nX-A: 1\r\nX-B: 2\r\nUser-Agent: {Ua}\r\n\r\n",
            Write("GET", "http://example.com/",
            [
                ("Host", "evil.example"), ("X-A", "1"), ("content-length", "99"), ("HOST", "other"),
                ("Transfer-Encoding", "chunked"), ("X-B", "2"), ("CONTENT-LENGTH", "1"), ("transfer-encoding", "gzip"),
            ]));
    }

    [Fact]
    public void Post_with_a_body_adds_content_type_and_length()
    {
        Assert.Equal($"POST /api HTTP/1.1\r\nHost: example.com\r\nUser-Agent: {Ua}\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{{\"a\":\"héé\"}}",
            Write("POST", "http://example.com/api", body: "{\"a\":\"héé\"}", contentType: "application/json"));
    }

    [Fact]
    public void Content_length_counts_bytes_not_characters()
    {
        var bytes = Http1RequestWriter.ToArray("POST", new Uri("http://example.com/"), [], Encoding.UTF8.GetBytes("✓✓"), "text/plain");
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("\r\nContent-Length: 6\r\n\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n✓✓", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Post_with_a_body_and_a_user_content_type_keeps_only_the_users()
    {
        Assert.Equal($"POST / HTTP/1.1\r\nHost: example.com\r\ncontent-type: text/csv\r\nUser-Agent: {Ua}\r\nContent-Length: 3\r\n\r\na,b",
            Write("POST", "http://example.com/", [("content-type", "text/csv")], "a,b", "application/json"));
    }

    [Fact]
    public void Post_without_content_type()
    {
        Assert.Equal($"POST / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: {Ua}\r\nContent-Length: 3\r\n\r\nabc",
            Write("POST", "http://example.com/", body: "abc"));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    public void Methods_with_a_body_send_a_zero_length_when_empty(string method)
    {
        Assert.Equal($"{method} / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: {Ua}\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\n",
            Write(method, "http://example.com/", contentType: "text/plain"));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    [InlineData("DELETE")]
    [InlineData("OPTIONS")]
    public void Methods_without_a_body_send_no_length_nor_type(string method)
    {
        Assert.Equal($"{method} / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: {Ua}\r\n\r\n",
            Write(method, "http://example.com/", contentType: "text/plain"));
    }

    [Fact]
    public void Delete_with_a_body_sends_it_framed()
    {
        Assert.Equal($"DELETE /x HTTP/1.1\r\nHost: example.com\r\nUser-Agent: {Ua}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{{}}",
            Write("DELETE", "http://example.com/x", body: "{}", contentType: "application/json"));
    }

    [Fact]
    public void Header_values_are_utf8()
    {
        var bytes = Http1RequestWriter.ToArray("GET", new Uri("http://example.com/"), [("X-Name", "héllo ✓ 日本")], default, null);
        var expected = Encoding.UTF8.GetBytes($"GET / HTTP/1.1\r\nHost: example.com\r\nX-Name: héllo ✓ 日本\r\nUser-Agent: {Ua}\r\n\r\n");
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void Writes_into_a_buffer_after_what_is_there()
    {
        var buffer = new ArrayBufferWriter<byte>(1);
        buffer.Write("prefix|"u8);
        Http1RequestWriter.Write(buffer, "PUT", new Uri("http://example.com:81/r"), [("X-Long", new string('v', 5000))], "body"u8, "text/plain");
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.Equal($"prefix|PUT /r HTTP/1.1\r\nHost: example.com:81\r\nX-Long: {new string('v', 5000)}\r\nUser-Agent: {Ua}\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nbody", text);
    }

    [Fact]
    public void Binary_body_is_written_as_is()
    {
        var body = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var bytes = Http1RequestWriter.ToArray("POST", new Uri("http://example.com/"), [], body, "application/octet-stream");
        Assert.Equal(body, bytes[^256..]);
        var head = Encoding.ASCII.GetString(bytes[..^256]);
        Assert.EndsWith("Content-Length: 256\r\n\r\n", head, StringComparison.Ordinal);
    }
}
