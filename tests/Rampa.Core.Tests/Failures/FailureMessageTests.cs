using System.Net;
using System.Net.Sockets;
using Rampa.Core.Failures;
using Rampa.Core.Metrics;
using Rampa.Core.Protocols.Http;
using Rampa.Core.Tests.Protocols;

namespace Rampa.Core.Tests.Failures;

/// <summary>The sample message of a real failed request, from Rampa's own client against real sockets on 127.0.0.1.</summary>
[Collection(ProtocolTimingCollection.Name)]
public class FailureMessageTests
{
    private static async Task<(HttpOutcome Outcome, HttpTarget Target)> SendAsync(Uri uri, string method = "GET", TimeSpan? timeout = null)
    {
        using var sink = new MetricSink();
        using var watchdog = new DeadlineWatchdog();
        var traffic = new TrafficCounter(sink, sink.Register(new SeriesKey(BuiltinMetrics.DataSent, [])), sink.Register(new SeriesKey(BuiltinMetrics.DataReceived, [])));
        using var client = new VuHttpClient(traffic, watchdog, CancellationToken.None);
        var target = HttpTarget.Create(uri, method, Http1RequestWriter.ToArray(method, uri, [], default, null));
        var outcome = await client.SendAsync(target, timeout ?? TimeSpan.FromSeconds(5), keepResponse: false).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        return (outcome, target);
    }

    [Fact]
    public async Task A_closed_port_says_connect_and_the_operating_systems_words()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        var (outcome, target) = await SendAsync(new Uri($"http://127.0.0.1:{port}/"));
        Assert.Equal("connection refused", outcome.Error);
        Assert.IsType<SocketException>(outcome.Exception, exactMatch: false);
        Assert.Equal($"connect to 127.0.0.1:{port}: Connection refused", FailureMessage.Of(in outcome, target));
    }

    [Fact]
    public async Task A_reset_after_the_request_names_the_request_and_the_peer()
    {
        await using var server = new ScriptedServer(async c =>
        {
            if (await c.ReadHeadAsync() is null) return;
            c.Reset();
        });
        var (outcome, target) = await SendAsync(server.Url("/items/7"));
        Assert.Equal("connection reset", outcome.Error);
        Assert.Equal($"GET /items/7 on 127.0.0.1:{server.Port}: Connection reset by peer", FailureMessage.Of(in outcome, target));
    }

    [Fact]
    public async Task A_status_outside_the_expected_ones_is_the_status_and_its_phrase()
    {
        await using var server = ScriptedServer.Answering((_, _) => "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n");
        var (outcome, target) = await SendAsync(server.Url("/json?x=1"), "POST");
        Assert.Equal(405, outcome.Status);
        Assert.Equal("HTTP 405 Method Not Allowed (POST /json?x=1)", FailureMessage.Of(in outcome, target));
    }

    [Fact]
    public async Task A_timeout_says_so()
    {
        await using var server = new ScriptedServer(async c =>
        {
            if (await c.ReadHeadAsync() is null) return;
            await Task.Delay(Timeout.Infinite, c.Stopping).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        var (outcome, target) = await SendAsync(server.Url("/slow"), timeout: TimeSpan.FromMilliseconds(200));
        Assert.Equal("request timeout", outcome.Error);
        Assert.Equal($"GET /slow on 127.0.0.1:{server.Port}: no complete response within the request's timeout", FailureMessage.Of(in outcome, target));
    }

    [Fact]
    public void A_long_message_is_cut_to_one_bounded_line()
    {
        var text = FailureMessage.OneLine("a\r\nb " + new string('x', 1000));
        Assert.StartsWith("a  b x", text, StringComparison.Ordinal);
        Assert.Equal(FailureMessage.MaxLength, text.Length);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
    }
}
