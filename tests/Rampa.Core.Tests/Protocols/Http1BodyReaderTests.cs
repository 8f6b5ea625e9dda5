using System.Buffers;
using System.Text;
using Rampa.Core.Protocols.Http;

namespace Rampa.Core.Tests.Protocols;

public class Http1BodyReaderTests
{
    private static byte[] B(string s) => Encoding.Latin1.GetBytes(s);
    private static string S(ReadOnlySpan<byte> b) => Encoding.Latin1.GetString(b);

    private static Http1ResponseHead Head(string text)
    {
        var head = new Http1ResponseHead();
        Assert.True(head.TryParse(B(text), false, out var error) > 0, error);
        return head;
    }

    private static readonly Http1ResponseHead ChunkedHead = Head("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");

    /// <summary>
    /// Feeds <paramref name="pieces"/> as a caller must: bytes the reader did not take yet are given again, in front
    /// of the next piece. Returns what is left once the body is complete (the next response's bytes), or null when
    /// the pieces ran out first.
    /// </summary>
    private static byte[]? Feed(Http1BodyReader reader, IEnumerable<byte[]> pieces)
    {
        var pending = Array.Empty<byte>();
        foreach (var piece in pieces)
        {
            pending = [.. pending, .. piece];
            if (reader.IsComplete) continue;
            var taken = reader.Consume(pending);
            Assert.True(taken >= 0, $"malformed framing reported at '{S(pending)}'");
            Assert.True(taken <= pending.Length);
            pending = pending[taken..];
        }
        return reader.IsComplete ? pending : null;
    }

    [Fact]
    public void Content_length_takes_exactly_the_body_and_leaves_the_rest()
    {
        var reader = new Http1BodyReader();
        var kept = new ArrayBufferWriter<byte>();
        reader.Start(Head("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"), false, kept);
        Assert.False(reader.IsComplete);
        Assert.False(reader.ReadsUntilClose);

        Assert.Equal(3, reader.Consume(B("abc")));
        Assert.False(reader.IsComplete);
        Assert.Equal(3, reader.BodyBytes);

        Assert.Equal(7, reader.Consume(B("defghijHTTP/1.1 200 OK\r\n")));
        Assert.True(reader.IsComplete);
        Assert.Equal(10, reader.BodyBytes);
        Assert.Equal("abcdefghij", S(kept.WrittenSpan));

        Assert.Equal(0, reader.Consume(B("more")));
        Assert.Equal(10, reader.BodyBytes);
    }

    [Fact]
    public void Content_length_body_at_once_with_trailing_bytes()
    {
        var reader = new Http1BodyReader();
        reader.Start(Head("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n"), false, null);
        Assert.Equal(4, reader.Consume(B("bodyNEXT")));
        Assert.True(reader.IsComplete);
        Assert.Equal(4, reader.BodyBytes);
    }

    [Fact]
    public void Content_length_eof_before_the_end_is_not_complete()
    {
        var reader = new Http1BodyReader();
        reader.Start(Head("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n"), false, null);
        Assert.Equal(2, reader.Consume(B("bo")));
        reader.EndOfStream();
        Assert.False(reader.IsComplete);
    }

    [Fact]
    public void Zero_length_is_complete_at_once()
    {
        var reader = new Http1BodyReader();
        var kept = new ArrayBufferWriter<byte>();
        reader.Start(Head("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), false, kept);
        Assert.True(reader.IsComplete);
        Assert.Equal(0, reader.Consume(B("HTTP/1.1 200 OK\r\n")));
        Assert.Equal(0, reader.BodyBytes);
        Assert.Equal(0, kept.WrittenCount);
    }

    [Theory]
    [InlineData("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", false)]
    [InlineData("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", false)]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\n", false)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", true)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", true)]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n", true)]
    public void Responses_without_a_body_are_complete_at_once(string head, bool headRequest)
    {
        var reader = new Http1BodyReader();
        reader.Start(Head(head), headRequest, null);
        Assert.True(reader.IsComplete);
        Assert.False(reader.ReadsUntilClose);
        Assert.Equal(0, reader.Consume(B("0123456789")));
        Assert.Equal(0, reader.BodyBytes);
    }

    [Fact]
    public void Chunked_wins_over_content_length()
    {
        var reader = new Http1BodyReader();
        reader.Start(Head("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"), false, null);
        var rest = Feed(reader, [B("5\r\nhello\r\n0\r\n\r\n")]);
        Assert.NotNull(rest);
        Assert.Empty(rest);
        Assert.Equal(5, reader.BodyBytes);
    }

    private const string ChunkedPayload = "hello world0123456789abcdefghij!";
    private const string ChunkedWire =
        "5\r\nhello\r\n"
        + "6;a=b\r\n world\r\n"                 // an extension
        + "A; name=\"q;v\" ; x\r\n0123456789\r\n" // upper-case hex, several extensions
        + "a\r\nabcdefghij\r\n"                 // lower-case hex
        + "01\r\n!\r\n"                         // leading zero
        + "0\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n";
    private const string Next = "HTTP/1.1 200 OK\r\n\r\n";

    [Fact]
    public void Chunked_at_once()
    {
        var reader = new Http1BodyReader();
        var kept = new ArrayBufferWriter<byte>();
        reader.Start(ChunkedHead, false, kept);
        var wire = B(ChunkedWire + Next);
        var taken = reader.Consume(wire);
        Assert.Equal(ChunkedWire.Length, taken);
        Assert.True(reader.IsComplete);
        Assert.Equal(ChunkedPayload.Length, reader.BodyBytes);
        Assert.Equal(ChunkedPayload, S(kept.WrittenSpan));
    }

    [Fact]
    public void Chunked_byte_by_byte()
    {
        var reader = new Http1BodyReader();
        var kept = new ArrayBufferWriter<byte>();
        reader.Start(ChunkedHead, false, kept);
        var wire = B(ChunkedWire + Next);
        var rest = Feed(reader, wire.Select(b => new[] { b }));
        Assert.NotNull(rest);
        Assert.Equal(Next, S(rest));
        Assert.Equal(ChunkedPayload.Length, reader.BodyBytes);
        Assert.Equal(ChunkedPayload, S(kept.WrittenSpan));
    }

    [Fact]
    public void Chunked_byte_by_byte_is_not_complete_before_the_last_byte()
    {
        var wire = B(ChunkedWire);
        var reader = new Http1BodyReader();
        reader.Start(ChunkedHead, false, null);
        Assert.Null(Feed(reader, wire[..^1].Select(b => new[] { b })));
        Assert.False(reader.IsComplete);
        reader.EndOfStream();
        Assert.False(reader.IsComplete);
    }

    [Fact]
    public void Chunked_split_in_two_at_every_point()
    {
        var wire = B(ChunkedWire + Next);
        for (var split = 0; split <= wire.Length; split++)
        {
            var reader = new Http1BodyReader();
            var kept = new ArrayBufferWriter<byte>();
            reader.Start(ChunkedHead, false, kept);
            var rest = Feed(reader, [wire[..split], wire[split..]]);
            Assert.True(rest is not null, $"not complete when split at {split}");
            Assert.True(Next == S(rest), $"split at {split} left '{S(rest)}'");
            Assert.True(ChunkedPayload.Length == reader.BodyBytes, $"split at {split}: {reader.BodyBytes} body bytes");
            Assert.True(ChunkedPayload == S(kept.WrittenSpan), $"split at {split}: kept '{S(kept.WrittenSpan)}'");
        }
    }

    [Fact]
    public void Chunked_split_in_three_at_every_pair_of_points()
    {
        var wire = B(ChunkedWire);
        for (var a = 0; a <= wire.Length; a++)
            for (var b = a; b <= wire.Length; b++)
            {
                var reader = new Http1BodyReader();
                var kept = new ArrayBufferWriter<byte>();
                reader.Start(ChunkedHead, false, kept);
                var rest = Feed(reader, [wire[..a], wire[a..b], wire[b..]]);
                Assert.True(rest is { Length: 0 }, $"split at {a},{b}");
                Assert.True(ChunkedPayload == S(kept.WrittenSpan), $"split at {a},{b}: kept '{S(kept.WrittenSpan)}'");
            }
    }

    [Fact]
    public void Chunked_without_trailers_and_without_keeping()
    {
        var reader = new Http1BodyReader();
        reader.Start(ChunkedHead, false, null);
        Assert.Equal(13, reader.Consume(B("3\r\nabc\r\n0\r\n\r\nX")));
        Assert.True(reader.IsComplete);
        Assert.Equal(3, reader.BodyBytes);
    }

    [Fact]
    public void Large_chunk_sizes_in_hex()
    {
        var payload = new string('x', 0x1F4);
        var reader = new Http1BodyReader();
        var kept = new ArrayBufferWriter<byte>();
        reader.Start(ChunkedHead, false, kept);
        var rest = Feed(reader, [B("1F4\r\n" + payload[..100]), B(payload[100..] + "\r\n1f4\r\n" + payload + "\r\n0\r\n\r\n")]);
        Assert.NotNull(rest);
        Assert.Equal(1000, reader.BodyBytes);
        Assert.Equal(payload + payload, S(kept.WrittenSpan));
    }

    [Theory]
    [InlineData("zz\r\n")]
    [InlineData("\r\n")]
    [InlineData(";ext\r\n")]
    [InlineData("-5\r\nhello\r\n")]
    [InlineData("+5\r\nhello\r\n")]
    [InlineData("5 5\r\nhello\r\n")]
    [InlineData("0x5\r\nhello\r\n")]
    [InlineData("5g\r\nhello\r\n")]
    [InlineData("FFFFFFFFFFFFFFFF\r\n")]
    [InlineData("8000000000000000\r\n")]
    [InlineData("10000000000000000\r\n")]
    [InlineData("5\r\nhelloXX0\r\n\r\n")]
    [InlineData("5\r\nhello\n0\r\n\r\n")]
    [InlineData("5\r\nhello\r\nzz\r\n")]
    [InlineData("5\r\nhello\r\n3\r\nabcd\r\n")]
    public void Malformed_chunked_framing_is_rejected(string wire)
    {
        var reader = new Http1BodyReader();
        reader.Start(ChunkedHead, false, null);
        Assert.Equal(-1, reader.Consume(B(wire)));
    }

    [Fact]
    public void Malformed_chunked_framing_is_rejected_when_it_arrives_in_pieces()
    {
        var reader = new Http1BodyReader();
        reader.Start(ChunkedHead, false, null);
        Assert.Equal(0, reader.Consume(B("5\r")));
        Assert.Equal(8, reader.Consume(B("5\r\nhello\r")));
        Assert.Equal(-1, reader.Consume(B("\rX")));
    }

    [Fact]
    public void An_endless_chunk_size_line_is_rejected()
    {
        var reader = new Http1BodyReader();
        reader.Start(ChunkedHead, false, null);
        Assert.Equal(0, reader.Consume(B("5;" + new string('e', 100))));
        Assert.Equal(-1, reader.Consume(B("5;" + new string('e', 2000))));
    }

    [Fact]
    public void An_endless_trailer_is_rejected()
    {
        var reader = new Http1BodyReader();
        reader.Start(ChunkedHead, false, null);
        Assert.Equal(3, reader.Consume(B("0\r\nX-T: " + new string('t', 100))));
        Assert.Equal(-1, reader.Consume(B("X-T: " + new string('t', 9000))));
    }

    [Fact]
    public void Until_close_completes_only_at_the_end_of_the_stream()
    {
        var reader = new Http1BodyReader();
        var kept = new ArrayBufferWriter<byte>();
        reader.Start(Head("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"), false, kept);
        Assert.True(reader.ReadsUntilClose);
        Assert.False(reader.IsComplete);
        Assert.Equal(5, reader.Consume(B("first")));
        Assert.Equal(0, reader.Consume(ReadOnlySpan<byte>.Empty));
        Assert.Equal(19, reader.Consume(B(" HTTP/1.1 200 OK\r\n\r")));
        Assert.False(reader.IsComplete);
        Assert.True(reader.ReadsUntilClose);
        reader.EndOfStream();
        Assert.True(reader.IsComplete);
        Assert.False(reader.ReadsUntilClose);
        Assert.Equal(24, reader.BodyBytes);
        Assert.Equal("first HTTP/1.1 200 OK\r\n\r", S(kept.WrittenSpan));
    }

    [Fact]
    public void Http10_without_length_reads_until_close()
    {
        var reader = new Http1BodyReader();
        reader.Start(Head("HTTP/1.0 200 OK\r\n\r\n"), false, null);
        Assert.True(reader.ReadsUntilClose);
        reader.EndOfStream();
        Assert.True(reader.IsComplete);
        Assert.Equal(0, reader.BodyBytes);
    }

    [Fact]
    public void Start_resets_the_reader()
    {
        var reader = new Http1BodyReader();
        var first = new ArrayBufferWriter<byte>();
        reader.Start(Head("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n"), false, first);
        Assert.Equal(2, reader.Consume(B("ab")));

        var second = new ArrayBufferWriter<byte>();
        reader.Start(ChunkedHead, false, second);
        Assert.False(reader.IsComplete);
        Assert.Equal(0, reader.BodyBytes);
        Assert.Equal(12, reader.Consume(B("2\r\nxy\r\n0\r\n\r\n")));
        Assert.True(reader.IsComplete);
        Assert.Equal(2, reader.BodyBytes);
        Assert.Equal("ab", S(first.WrittenSpan));
        Assert.Equal("xy", S(second.WrittenSpan));
    }
}
