using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Rampa.Core.Metrics;
using Rampa.Core.Protocols.Http;
using Rampa.Core.Time;

namespace Rampa.Core.Tests.Protocols;

/// <summary>Timing-sensitive protocol tests run alone, not next to the rest of the suite.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProtocolTimingCollection
{
    public const string Name = "protocol timing";
}

[Collection(ProtocolTimingCollection.Name)]
public class VuHttpClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>One VU's client with everything it needs, disposed together.</summary>
    private sealed class Rig : IDisposable
    {
        public readonly MetricSink Sink = new();
        public readonly DeadlineWatchdog Watchdog = new();
        public readonly CancellationTokenSource Interrupt = new();
        public readonly TrafficCounter Traffic;
        public readonly VuHttpClient Client;

        public Rig()
        {
            Traffic = new TrafficCounter(Sink, Sink.Register(new SeriesKey(BuiltinMetrics.DataSent, [])),
                Sink.Register(new SeriesKey(BuiltinMetrics.DataReceived, [])));
            Client = new VuHttpClient(Traffic, Watchdog, Interrupt.Token);
        }

        /// <summary>Sends, failing the test (instead of hanging) if the client does not return well after its timeout.</summary>
        public async Task<HttpOutcome> Send(HttpTarget target, TimeSpan? timeout = null, bool keep = true)
        {
            var t = timeout ?? Timeout;
            return await Client.SendAsync(target, t, keep).AsTask().WaitAsync(t + TimeSpan.FromSeconds(5));
        }

        public void Dispose()
        {
            Client.Dispose();
            Watchdog.Dispose();
            Interrupt.Dispose();
            Sink.Dispose();
        }
    }

    private static HttpTarget Target(Uri uri, string method = "GET") =>
        HttpTarget.Create(uri, method, Http1RequestWriter.ToArray(method, uri, [], default, null));

    private static double Ms(long ticks) => MonotonicClock.ToTimeSpan(ticks).TotalMilliseconds;

    private static string Text(HttpOutcome o) => o.Body is null ? "<null>" : Encoding.Latin1.GetString(o.Body);

    private static string Ok(string body, string extraHeaders = "") =>
        $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n{extraHeaders}\r\n{body}";

    private static void AssertOk(HttpOutcome o, string body)
    {
        Assert.True(o.Error is null, $"unexpected error '{o.Error}'");
        Assert.Equal(200, o.Status);
        Assert.False(o.Interrupted);
        Assert.True(o.Sent);
        Assert.Equal(body, Text(o));
        Assert.Equal(body.Length, o.BodyLength);
    }

    private static void AssertNewConnection(HttpOutcome o)
    {
        Assert.True(o.ConnectingTicks > 0, "a new connection must have connecting time");
        Assert.True(o.BlockedTicks >= o.ConnectingTicks);
        Assert.Equal(0, o.TlsTicks);
    }

    private static void AssertReused(HttpOutcome o)
    {
        Assert.Equal(0, o.ConnectingTicks);
        Assert.Equal(0, o.BlockedTicks);
        Assert.Equal(0, o.TlsTicks);
    }

    private static void AssertFailed(HttpOutcome o, string error)
    {
        Assert.Equal(error, o.Error);
        Assert.Equal(0, o.Status);
        Assert.False(o.Interrupted);
    }

    [Fact]
    public async Task Keep_alive_reuses_one_connection()
    {
        await using var server = ScriptedServer.Answering((_, i) => Ok($"hello-{i}", "Content-Type: text/plain\r\n"));
        using var rig = new Rig();
        var target = Target(server.Url("/items?page=2"));
        for (var i = 0; i < 25; i++)
        {
            var o = await rig.Send(target);
            AssertOk(o, $"hello-{i}");
            if (i == 0) AssertNewConnection(o);
            else AssertReused(o);
            Assert.True(o.SendingTicks >= 0);
            Assert.True(o.WaitingTicks > 0);
            Assert.True(o.ReceivingTicks >= 0);
        }
        Assert.Equal(1, server.Accepted);
        Assert.Equal(25, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.StartsWith($"GET /items?page=2 HTTP/1.1\r\nHost: 127.0.0.1:{server.Port}\r\n", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Body_is_kept_only_when_asked()
    {
        await using var server = ScriptedServer.Answering((_, _) => Ok("abcdef", "X-Custom: v\r\n"));
        using var rig = new Rig();
        var target = Target(server.Url());
        var kept = await rig.Send(target, keep: true);
        AssertOk(kept, "abcdef");
        Assert.NotNull(rig.Client.LastHeaders);
        Assert.Contains(new KeyValuePair<string, string>("X-Custom", "v"), rig.Client.LastHeaders!);
        Assert.Contains(new KeyValuePair<string, string>("Content-Length", "6"), rig.Client.LastHeaders!);

        var notKept = await rig.Send(target, keep: false);
        Assert.Null(notKept.Error);
        Assert.Equal(200, notKept.Status);
        Assert.Null(notKept.Body);
        Assert.Equal(6, notKept.BodyLength);
        Assert.Null(rig.Client.LastHeaders);
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public async Task Connection_close_opens_a_connection_per_request()
    {
        await using var server = new ScriptedServer(async c =>
        {
            if (await c.ReadHeadAsync() is null) return;
            await c.SendAsync(Ok($"conn-{c.Index}", "Connection: close\r\n"));
            c.Close();
        });
        using var rig = new Rig();
        var target = Target(server.Url());
        for (var i = 0; i < 5; i++)
        {
            var o = await rig.Send(target);
            AssertOk(o, $"conn-{i}");
            AssertNewConnection(o);
        }
        Assert.Equal(5, server.Accepted);
    }

    [Fact]
    public async Task Http10_closes_unless_keep_alive()
    {
        await using var server = ScriptedServer.Answering((head, _) => head.Contains("/ka", StringComparison.Ordinal)
            ? "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nka"
            : "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nno");
        using var rig = new Rig();
        AssertOk(await rig.Send(Target(server.Url("/no"))), "no");
        AssertNewConnection(await rig.Send(Target(server.Url("/no"))));
        Assert.Equal(2, server.Accepted);

        var first = await rig.Send(Target(server.Url("/ka")));
        AssertOk(first, "ka");
        AssertNewConnection(first);
        var second = await rig.Send(Target(server.Url("/ka")));
        AssertOk(second, "ka");
        AssertReused(second);
        Assert.Equal(3, server.Accepted);
    }

    [Fact]
    public async Task Chunked_response_with_extensions_and_trailers()
    {
        await using var server = ScriptedServer.Answering((_, i) =>
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + $"5\r\nhello\r\n6;a=b\r\n world\r\nA\r\n-{i:D9}\r\n0\r\nX-Trailer: t\r\n\r\n");
        using var rig = new Rig();
        var target = Target(server.Url());
        for (var i = 0; i < 3; i++)
        {
            var o = await rig.Send(target);
            AssertOk(o, $"hello world-{i:D9}");
        }
        Assert.Equal(1, server.Accepted);
    }

    public static TheoryData<string, int, string[], string> ChunkedPieces => new()
    {
        { "in the size line", 30, ["5\r", "\nhello\r\n0\r\n\r\n"], "hello" },
        { "in a two-digit size", 30, ["5\r\nhello\r\n1", "0\r\n0123456789abcdef\r\n0\r\n\r\n"], "hello0123456789abcdef" },
        { "inside an extension", 30, ["5;na", "me=v\r\nhello\r\n0\r\n\r\n"], "hello" },
        { "inside the data", 30, ["5\r\nhel", "lo\r\n0\r\n\r\n"], "hello" },
        { "between the data and its CRLF", 30, ["5\r\nhello", "\r\n0\r\n\r\n"], "hello" },
        { "between CR and LF after the data", 30, ["5\r\nhello\r", "\n0\r\n\r\n"], "hello" },
        { "in the last chunk", 30, ["5\r\nhello\r\n0", "\r\n\r\n"], "hello" },
        { "in a trailer", 30, ["5\r\nhello\r\n0\r\nX-Tr", "ailer: t\r\n\r\n"], "hello" },
        { "before the final CRLF", 30, ["5\r\nhello\r\n0\r\nX-Trailer: t\r\n", "\r\n"], "hello" },
        { "between the final CR and LF", 30, ["5\r\nhello\r\n0\r\n\r", "\n"], "hello" },
        { "byte by byte", 3, "5;e=1\r\nhello\r\n3\r\n!!!\r\n0\r\nT: x\r\n\r\n".Select(c => c.ToString()).ToArray(), "hello!!!" },
    };

    [Theory]
    [MemberData(nameof(ChunkedPieces))]
    public async Task Chunked_response_arriving_in_pieces(string where, int pauseMs, string[] pieces, string payload)
    {
        await using var server = new ScriptedServer(async c =>
        {
            while (await c.ReadHeadAsync() is not null)
            {
                await c.SendAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
                await c.PauseAsync(pauseMs);
                await c.SendPiecesAsync(pauseMs, pieces);
            }
        });
        using var rig = new Rig();
        var target = Target(server.Url());
        for (var i = 0; i < 2; i++)
        {
            var o = await rig.Send(target);
            Assert.True(o.Error is null, $"split {where}, request {i}: error '{o.Error}'");
            AssertOk(o, payload);
        }
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public async Task Large_chunked_body_split_anywhere()
    {
        // Chunks of many sizes, written in segments of a size unrelated to them: reads end anywhere in the framing.
        var wire = new StringBuilder("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        var payload = new StringBuilder();
        var random = new Random(42);
        for (var i = 0; i < 400; i++)
        {
            var chunk = new string((char)('a' + i % 26), random.Next(1, 700));
            wire.Append(chunk.Length.ToString(i % 2 == 0 ? "x" : "X", System.Globalization.CultureInfo.InvariantCulture))
                .Append(i % 3 == 0 ? ";ext=" + i : "").Append("\r\n").Append(chunk).Append("\r\n");
            payload.Append(chunk);
        }
        wire.Append("0\r\nX-Checksum: 1\r\n\r\n");
        var bytes = Encoding.Latin1.GetBytes(wire.ToString());
        await using var server = new ScriptedServer(async c =>
        {
            for (var r = 0; await c.ReadHeadAsync() is not null; r++)
            {
                var segment = 997 + r * 331;
                for (var at = 0; at < bytes.Length; at += segment)
                {
                    await c.SendAsync(bytes[at..Math.Min(bytes.Length, at + segment)]);
                    if (at / segment % 8 == 0) await c.PauseAsync(1);
                }
            }
        });
        using var rig = new Rig();
        var target = Target(server.Url());
        for (var i = 0; i < 3; i++) AssertOk(await rig.Send(target, TimeSpan.FromSeconds(5)), payload.ToString());
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public async Task Content_length_body_arriving_in_pieces()
    {
        await using var server = new ScriptedServer(async c =>
        {
            while (await c.ReadHeadAsync() is not null)
                await c.SendPiecesAsync(20, "HTTP/1.1 200 OK\r\nCont", "ent-Length: 10\r\n\r", "\n01234", "5678", "9");
        });
        using var rig = new Rig();
        var target = Target(server.Url());
        AssertOk(await rig.Send(target), "0123456789");
        AssertOk(await rig.Send(target), "0123456789");
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public async Task Interim_responses_are_skipped()
    {
        await using var server = new ScriptedServer(async c =>
        {
            for (var i = 0; await c.ReadHeadAsync() is not null; i++)
            {
                if (i == 0)
                {
                    // The interim response alone, then the final one later.
                    await c.SendAsync("HTTP/1.1 100 Continue\r\n\r\n");
                    await c.PauseAsync(30);
                    await c.SendAsync(Ok("first"));
                }
                else
                {
                    // Several interim responses and the final one in one segment.
                    await c.SendAsync("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n" + Ok($"next-{i}"));
                }
            }
        });
        using var rig = new Rig();
        var target = Target(server.Url());
        AssertOk(await rig.Send(target), "first");
        AssertOk(await rig.Send(target), "next-1");
        AssertOk(await rig.Send(target), "next-2");
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public async Task Head_response_has_no_body_whatever_its_length()
    {
        await using var server = ScriptedServer.Answering((head, _) => head.StartsWith("HEAD ", StringComparison.Ordinal)
            ? "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: text/html\r\n\r\n"
            : Ok("got"));
        using var rig = new Rig();
        var head = await rig.Send(Target(server.Url("/doc"), "HEAD"), TimeSpan.FromSeconds(1));
        AssertOk(head, "");
        AssertOk(await rig.Send(Target(server.Url("/doc"))), "got");
        AssertOk(await rig.Send(Target(server.Url("/doc"), "HEAD"), TimeSpan.FromSeconds(1)), "");
        Assert.Equal(1, server.Accepted);
        Assert.StartsWith("HEAD /doc HTTP/1.1\r\n", server.Requests.First(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(204)]
    [InlineData(304)]
    public async Task Responses_that_cannot_have_a_body(int status)
    {
        await using var server = ScriptedServer.Answering((head, _) => head.StartsWith("GET /empty", StringComparison.Ordinal)
            ? $"HTTP/1.1 {status} X\r\nContent-Length: 50\r\n\r\n"
            : Ok("full"));
        using var rig = new Rig();
        var empty = await rig.Send(Target(server.Url("/empty")), TimeSpan.FromSeconds(1));
        Assert.Null(empty.Error);
        Assert.Equal(status, empty.Status);
        Assert.Equal(0, empty.BodyLength);
        AssertOk(await rig.Send(Target(server.Url("/full"))), "full");
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public async Task Body_read_until_close()
    {
        await using var server = new ScriptedServer(async c =>
        {
            if (await c.ReadHeadAsync() is null) return;
            await c.SendAsync("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\npart1-");
            await c.PauseAsync(30);
            await c.SendAsync($"part2-{c.Index}");
            c.Close();
        });
        using var rig = new Rig();
        var target = Target(server.Url());
        var first = await rig.Send(target);
        AssertOk(first, "part1-part2-0");
        AssertNewConnection(first);
        var second = await rig.Send(target);
        AssertOk(second, "part1-part2-1");
        AssertNewConnection(second);
        Assert.Equal(2, server.Accepted);
    }

    [Fact]
    public async Task More_than_a_response_drops_the_connection()
    {
        await using var server = ScriptedServer.Answering((_, _) => Ok("ok") + "JUNK");
        using var rig = new Rig();
        var target = Target(server.Url());
        AssertOk(await rig.Send(target), "ok");
        var second = await rig.Send(target);
        AssertOk(second, "ok");
        AssertNewConnection(second);
        Assert.Equal(2, server.Accepted);
    }

    public static TheoryData<string, string> Truncated => new()
    {
        { "length", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + new string('x', 40) },
        { "chunked data", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc" },
        { "chunked before the last chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n" },
        { "chunked in the trailer", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n" },
        { "head", "HTTP/1.1 200 OK\r\nContent-Le" },
        { "interim only", "HTTP/1.1 100 Continue\r\n\r\n" },
    };

    [Theory]
    [MemberData(nameof(Truncated))]
    public async Task Server_closing_mid_response_is_an_incomplete_response(string what, string partial)
    {
        await using var server = new ScriptedServer(async c =>
        {
            if (await c.ReadHeadAsync() is null) return;
            if (c.Index == 0)
            {
                await c.SendAsync(partial);
                await c.PauseAsync(20);
                c.Close();
                return;
            }
            await c.SendAsync(Ok("fine"));
            await c.DrainAsync();
        });
        using var rig = new Rig();
        var target = Target(server.Url());
        var o = await rig.Send(target);
        Assert.True(o.Error == "incomplete response", $"{what}: '{o.Error}'");
        AssertFailed(o, "incomplete response");
        Assert.Null(o.Body);
        Assert.True(o.Sent);
        // Timed until the failure: waiting up to the first byte, receiving from it to the close 20ms later.
        Assert.True(o.WaitingTicks > 0);
        Assert.True(Ms(o.ReceivingTicks) >= 15, $"receiving {Ms(o.ReceivingTicks)}ms");

        var next = await rig.Send(target);
        AssertOk(next, "fine");
        AssertNewConnection(next);
        Assert.Equal(2, server.Accepted);
    }

    public static TheoryData<string> Garbage => new()
    {
        "SSH-2.0-OpenSSH_9.6\r\n\r\n",
        "HTTP/2 200\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: many\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n",
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task Garbage_is_an_invalid_response(string garbage)
    {
        await using var server = new ScriptedServer(async c =>
        {
            if (await c.ReadHeadAsync() is null) return;
            await c.SendAsync(c.Index == 0 ? garbage : Ok("fine"));
            await c.DrainAsync();
        });
        using var rig = new Rig();
        var target = Target(server.Url());
        var o = await rig.Send(target);
        AssertFailed(o, "invalid response");
        Assert.True(o.Sent);
        Assert.True(o.WaitingTicks > 0);
        Assert.True(o.ReceivingTicks >= 0);
        var next = await rig.Send(target);
        AssertOk(next, "fine");
        AssertNewConnection(next);
        Assert.Equal(2, server.Accepted);
    }

    [Fact]
    public async Task Headers_too_large()
    {
        var huge = "HTTP/1.1 200 OK\r\n" + string.Concat(Enumerable.Repeat("X-Filler: 0123456789012345678901234567890123456789\r\n", 2000));
        await using var server = new ScriptedServer(async c =>
        {
            if (await c.ReadHeadAsync() is null) return;
            await c.SendAsync(huge);
            await c.DrainAsync();
        });
        using var rig = new Rig();
        AssertFailed(await rig.Send(Target(server.Url())), "response headers too large");
    }

    [Fact]
    public async Task Server_that_never_answers_times_out()
    {
        await using var server = new ScriptedServer(async c =>
        {
            if (await c.ReadHeadAsync() is null) return;
            if (c.Index == 0)
            {
                await c.DrainAsync(); // never answers; ends when the client gives up
                return;
            }
            await c.SendAsync(Ok("late"));
            await c.DrainAsync();
        });
        using var rig = new Rig();
        var target = Target(server.Url());
        var timeout = TimeSpan.FromMilliseconds(200);
        var watch = Stopwatch.StartNew();
        var o = await rig.Send(target, timeout);
        var elapsed = watch.Elapsed;
        AssertFailed(o, "request timeout");
        Assert.True(elapsed >= timeout, $"gave up after {elapsed.TotalMilliseconds}ms");
        Assert.True(elapsed < timeout + TimeSpan.FromMilliseconds(100), $"gave up after {elapsed.TotalMilliseconds}ms");
        Assert.True(Ms(o.WaitingTicks) >= 150, $"waiting {Ms(o.WaitingTicks)}ms");
        Assert.Equal(0, o.ReceivingTicks);

        // The next request gets a fresh deadline and a fresh connection.
        var next = await rig.Send(target, timeout);
        AssertOk(next, "late");
        AssertNewConnection(next);
        Assert.Equal(2, server.Accepted);
    }

    [Fact]
    public async Task Server_that_stops_mid_body_times_out()
    {
        await using var server = new ScriptedServer(async c =>
        {
            if (await c.ReadHeadAsync() is null) return;
            await c.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
            await c.DrainAsync();
        });
        using var rig = new Rig();
        var timeout = TimeSpan.FromMilliseconds(300);
        var o = await rig.Send(Target(server.Url()), timeout);
        AssertFailed(o, "request timeout");
        Assert.True(o.WaitingTicks > 0);
        Assert.True(Ms(o.ReceivingTicks) >= 200, $"receiving {Ms(o.ReceivingTicks)}ms");
        Assert.True(Ms(o.WaitingTicks + o.ReceivingTicks) < 400);
    }

    [Fact]
    public async Task Server_that_closes_at_once()
    {
        await using var server = new ScriptedServer(c =>
        {
            c.Close();
            return Task.CompletedTask;
        });
        using var rig = new Rig();
        var o = await rig.Send(Target(server.Url()));
        Assert.Equal(0, o.Status);
        Assert.Contains(o.Error, new[] { "connection closed", "connection reset" });
        Assert.False(o.Interrupted);
    }

    [Fact]
    public async Task Server_that_resets_at_once()
    {
        await using var server = new ScriptedServer(c =>
        {
            c.Reset();
            return Task.CompletedTask;
        });
        using var rig = new Rig();
        var o = await rig.Send(Target(server.Url()));
        Assert.Equal(0, o.Status);
        Assert.Contains(o.Error, new[] { "connection closed", "connection reset" });
    }

    [Fact]
    public async Task Server_that_closes_after_reading_the_request()
    {
        await using var server = new ScriptedServer(async c =>
        {
            if (await c.ReadHeadAsync() is null) return;
            c.Close();
        });
        using var rig = new Rig();
        var o = await rig.Send(Target(server.Url()));
        AssertFailed(o, "connection closed");
        Assert.True(o.Sent);
        Assert.True(o.WaitingTicks > 0);
        Assert.Equal(0, o.ReceivingTicks);
    }

    [Fact]
    public async Task Server_that_closes_after_thinking_times_the_wait()
    {
        await using var server = new ScriptedServer(async c =>
        {
            if (await c.ReadHeadAsync() is null) return;
            await c.PauseAsync(80);
            c.Close();
        });
        using var rig = new Rig();
        var o = await rig.Send(Target(server.Url()));
        AssertFailed(o, "connection closed");
        Assert.True(Ms(o.WaitingTicks) >= 70, $"waiting {Ms(o.WaitingTicks)}ms");
    }

    [Fact]
    public async Task Server_that_resets_after_reading_the_request()
    {
        await using var server = new ScriptedServer(async c =>
        {
            if (await c.ReadHeadAsync() is null) return;
            c.Reset();
        });
        using var rig = new Rig();
        AssertFailed(await rig.Send(Target(server.Url())), "connection reset");
    }

    [Fact]
    public async Task Server_that_resets_mid_body()
    {
        await using var server = new ScriptedServer(async c =>
        {
            if (await c.ReadHeadAsync() is null) return;
            await c.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
            await c.PauseAsync(30);
            c.Reset();
        });
        using var rig = new Rig();
        AssertFailed(await rig.Send(Target(server.Url())), "connection reset");
    }

    [Fact]
    public async Task Closed_port_is_connection_refused()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        using var rig = new Rig();
        var watch = Stopwatch.StartNew();
        var o = await rig.Send(Target(new Uri($"http://127.0.0.1:{port}/")));
        AssertFailed(o, "connection refused");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1));
        Assert.Null(o.Body);
        Assert.False(o.Sent);
        Assert.Equal(0, o.SendingTicks);
        Assert.Equal(0, o.WaitingTicks);
    }

    [Fact]
    public async Task Idle_connection_closed_by_the_server_is_replaced()
    {
        await using var server = new ScriptedServer(async c =>
        {
            for (var i = 0; await c.ReadHeadAsync() is not null; i++)
            {
                await c.SendAsync(Ok($"conn-{c.Index}-{i}"));
                if (c.Index == 0)
                {
                    await c.PauseAsync(100);
                    c.Close(); // the server's idle timeout
                    return;
                }
            }
        });
        using var rig = new Rig();
        var target = Target(server.Url());
        AssertOk(await rig.Send(target), "conn-0-0");
        await Task.Delay(1300);
        var next = await rig.Send(target);
        AssertOk(next, "conn-1-0");
        AssertNewConnection(next);
        var third = await rig.Send(target);
        AssertOk(third, "conn-1-1");
        AssertReused(third);
        Assert.Equal(2, server.Accepted);
    }

    [Fact]
    public async Task Waiting_covers_the_server_think_time()
    {
        await using var server = new ScriptedServer(async c =>
        {
            while (await c.ReadHeadAsync() is not null)
            {
                await c.PauseAsync(60);
                await c.SendAsync(Ok("slow"));
            }
        });
        using var rig = new Rig();
        var target = Target(server.Url());
        for (var i = 0; i < 2; i++)
        {
            var o = await rig.Send(target);
            AssertOk(o, "slow");
            Assert.True(Ms(o.WaitingTicks) >= 50, $"waiting {Ms(o.WaitingTicks)}ms");
            Assert.True(Ms(o.ReceivingTicks) < 50, $"receiving {Ms(o.ReceivingTicks)}ms");
            Assert.True(Ms(o.BlockedTicks) < 50, $"blocked {Ms(o.BlockedTicks)}ms");
        }
    }

    [Fact]
    public async Task Receiving_covers_a_body_sent_in_two_parts()
    {
        await using var server = new ScriptedServer(async c =>
        {
            while (await c.ReadHeadAsync() is not null)
                await c.SendPiecesAsync(120, "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nfirst", "end");
        });
        using var rig = new Rig();
        var target = Target(server.Url());
        for (var i = 0; i < 2; i++)
        {
            var o = await rig.Send(target);
            AssertOk(o, "firstend");
            Assert.True(Ms(o.ReceivingTicks) >= 100, $"receiving {Ms(o.ReceivingTicks)}ms");
            Assert.True(o.WaitingTicks < o.ReceivingTicks, $"waiting {Ms(o.WaitingTicks)}ms");
        }
    }

    [Fact]
    public async Task Interrupt_cancels_a_request_in_flight()
    {
        await using var server = new ScriptedServer(async c =>
        {
            if (await c.ReadHeadAsync() is null) return;
            await c.DrainAsync();
        });
        using var rig = new Rig();
        var target = Target(server.Url());
        var watch = Stopwatch.StartNew();
        var pending = rig.Send(target, TimeSpan.FromSeconds(10));
        await Task.Delay(100);
        Assert.False(pending.IsCompleted);
        await rig.Interrupt.CancelAsync();
        var o = await pending;
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed.TotalMilliseconds}ms");
        Assert.True(o.Interrupted);
        Assert.Equal("interrupted", o.Error);
        Assert.Equal(0, o.Status);
        Assert.True(o.Sent, "the request was written before the interrupt");
        Assert.True(Ms(o.WaitingTicks) >= 80, $"waiting {Ms(o.WaitingTicks)}ms");

        // Once interrupted, the VU sends nothing more.
        var after = await rig.Send(target);
        Assert.True(after.Interrupted);
        Assert.Equal("interrupted", after.Error);
        Assert.False(after.Sent);
        Assert.Equal(1, server.Accepted);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Traffic_counter_records_the_exact_bytes()
    {
        await using var server = new ScriptedServer(async c =>
        {
            for (var i = 0; await c.ReadHeadAsync() is { } head; i++)
            {
                if (head.Contains("/close", StringComparison.Ordinal))
                {
                    await c.SendAsync(Ok("bye", "Connection: close\r\n"));
                    c.Close();
                    return;
                }
                if (head.Contains("/chunked", StringComparison.Ordinal))
                    await c.SendAsync("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\n\r\n");
                else if (head.Contains("/garbage", StringComparison.Ordinal))
                    await c.SendAsync("NOT HTTP\r\n\r\n");
                else
                    await c.SendAsync(Ok(new string('r', 100 + i)));
            }
        });
        using var rig = new Rig();
        var plain = Target(server.Url("/plain"));

        for (var i = 0; i < 3; i++) AssertOk(await rig.Send(plain), new string('r', 100 + i));
        rig.Traffic.Collect();
        var first = rig.Sink.TakeSnapshot();
        Assert.Equal(3 * plain.RequestBytes.Length, server.BytesRead);
        Assert.Equal(server.BytesRead, first.Total("data_sent")?.Sum);
        Assert.Equal(server.BytesWritten, first.Total("data_received")?.Sum);

        var (readBefore, writtenBefore) = (server.BytesRead, server.BytesWritten);
        AssertOk(await rig.Send(Target(server.Url("/chunked"))), "abcd");
        AssertOk(await rig.Send(Target(server.Url("/close"))), "bye");
        AssertFailed(await rig.Send(Target(server.Url("/garbage"))), "invalid response");
        AssertOk(await rig.Send(plain), new string('r', 100));
        rig.Client.Dispose();
        rig.Traffic.Collect();
        var second = rig.Sink.TakeSnapshot();
        Assert.Equal(3, server.Accepted);
        Assert.Equal(server.BytesRead - readBefore, second.Total("data_sent")?.Sum);
        Assert.Equal(server.BytesWritten - writtenBefore, second.Total("data_received")?.Sum);

        // Nothing moved since: nothing more is recorded.
        rig.Traffic.Collect();
        var third = rig.Sink.TakeSnapshot();
        Assert.Null(third.Total("data_sent"));
        Assert.Null(third.Total("data_received"));
    }
}
