using System.Net;
using System.Net.Sockets;
using System.Text;
using Rampa.Core.Engine.WarmUp;

namespace Rampa.Core.Tests.Engine;

/// <summary>The warm-up's HTTP stub, spoken to by .NET's own HttpClient and by raw sockets.</summary>
public sealed class LoopbackHttpStubTests
{
    [Fact]
    public async Task Answers_GET_and_POST_with_a_small_200_on_kept_alive_connections()
    {
        using var stub = new LoopbackHttpStub();
        Assert.Equal($"http://127.0.0.1:{stub.Port}/", stub.BaseUrl.ToString());
        using var client = new HttpClient();
        for (var i = 0; i < 5; i++)
        {
            using var get = await client.GetAsync(new Uri(stub.BaseUrl, "/anything?x=1"));
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal("""{"ok":true}""", await get.Content.ReadAsStringAsync());
            using var post = await client.PostAsync(new Uri(stub.BaseUrl, "/echo"), new StringContent("{\"big\":\"" + new string('x', 20_000) + "\"}",
                Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
            Assert.Equal("application/json", post.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(10, stub.Requests);
        Assert.Equal(1, stub.Accepted); // one connection, kept alive for every request
    }

    [Fact]
    public async Task Serves_several_connections_at_once()
    {
        using var stub = new LoopbackHttpStub();
        var clients = Enumerable.Range(0, 8).Select(_ => new HttpClient()).ToList();
        try
        {
            var answers = await Task.WhenAll(clients.SelectMany(c => Enumerable.Range(0, 20).Select(_ => c.GetStringAsync(stub.BaseUrl))));
            Assert.All(answers, a => Assert.Equal("""{"ok":true}""", a));
            Assert.Equal(160, stub.Requests);
            Assert.InRange(stub.Accepted, 8, 160);
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
        }
    }

    [Fact]
    public async Task Answers_pipelined_requests_in_order_and_closes_on_Connection_close()
    {
        using var stub = new LoopbackHttpStub();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, stub.Port);
        var requests = "GET / HTTP/1.1\r\nHost: a\r\n\r\n" +
                       "POST /p HTTP/1.1\r\nHost: a\r\ncontent-length: 3\r\n\r\nabc" +
                       "GET /last HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(requests));
        var received = await ReadToEndAsync(socket, TimeSpan.FromSeconds(10));
        Assert.Equal(3, CountOf(received, "HTTP/1.1 200 OK\r\n"));
        Assert.Equal(3, stub.Requests);
    }

    [Fact]
    public async Task A_chunked_body_is_not_spoken_the_connection_is_closed()
    {
        using var stub = new LoopbackHttpStub();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, stub.Port);
        await socket.SendAsync("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"u8.ToArray());
        Assert.Equal("", await ReadToEndAsync(socket, TimeSpan.FromSeconds(10)));
        Assert.Equal(0, stub.Requests);
    }

    [Fact]
    public async Task Dispose_closes_the_listener_and_every_connection()
    {
        var stub = new LoopbackHttpStub();
        var port = stub.Port;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await socket.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n"u8.ToArray());
        var first = new byte[256];
        Assert.True(await socket.ReceiveAsync(first) > 0);

        stub.Dispose();
        stub.Dispose(); // twice is harmless

        // The kept-alive connection is closed by the stub, and nothing listens on the port any more.
        Assert.Equal("", await ReadToEndAsync(socket, TimeSpan.FromSeconds(10)));
        using var late = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(async () => await late.ConnectAsync(IPAddress.Loopback, port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        AssertPortFree(port);
    }

    /// <summary>The port can be listened on again: the stub keeps nothing bound.</summary>
    internal static void AssertPortFree(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        listener.Stop();
    }

    private static async Task<string> ReadToEndAsync(Socket socket, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var all = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token)) > 0) all.Write(buffer, 0, n);
        }
        catch (SocketException)
        {
            // Reset instead of closed: the end all the same.
        }
        return Encoding.ASCII.GetString(all.ToArray());
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
