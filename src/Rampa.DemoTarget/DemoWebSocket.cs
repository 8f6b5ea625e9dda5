using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Rampa.DemoTarget;

/// <summary>
/// What the demo target's WebSocket routes saw since start or the last reset, for tests to compare with a run's
/// <c>ws_*</c> metrics: sessions accepted, messages received from clients, messages delivered to them (a send that
/// completed), and sessions the server closed first.
/// </summary>
public sealed class DemoWebSocketStats
{
    private long _sessions, _received, _sent, _serverClosed;

    public long Sessions => Interlocked.Read(ref _sessions);
    public long MessagesReceived => Interlocked.Read(ref _received);
    public long MessagesSent => Interlocked.Read(ref _sent);
    public long ServerClosed => Interlocked.Read(ref _serverClosed);

    internal void Session() => Interlocked.Increment(ref _sessions);
    internal void Received() => Interlocked.Increment(ref _received);
    internal void Sent() => Interlocked.Increment(ref _sent);
    internal void ClosedByServer() => Interlocked.Increment(ref _serverClosed);

    internal void Reset()
    {
        Interlocked.Exchange(ref _sessions, 0);
        Interlocked.Exchange(ref _received, 0);
        Interlocked.Exchange(ref _sent, 0);
        Interlocked.Exchange(ref _serverClosed, 0);
    }
}

/// <summary>
/// The demo target's WebSocket routes: <c>/ws/echo</c> sends every message back (<c>?closeAfter=N</c>: the server closes
/// the session after N messages, a server that hangs up early), <c>/ws/chat</c> sends every message to every client
/// connected to it (the sender too), and <c>GET /stats/ws</c> reads <see cref="DemoWebSocketStats"/>. The first
/// subprotocol a client offers is accepted. Pings are answered by the WebSocket itself.
/// </summary>
internal static class DemoWebSocket
{
    internal const int MaxMessageBytes = 1024 * 1024;
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);

    public static void Map(WebApplication app, DemoWebSocketStats stats, CancellationToken stopping)
    {
        var chat = new ConcurrentDictionary<Member, bool>();
        app.UseWebSockets();
        app.Map("/ws/echo", context => EchoAsync(context, stats, stopping));
        app.Map("/ws/chat", context => ChatAsync(context, stats, chat, stopping));
        app.MapGet("/stats/ws", context =>
        {
            context.Response.Headers.CacheControl = "no-store";
            context.Response.ContentType = "application/json; charset=utf-8";
            return context.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                $$"""{"sessions":{{stats.Sessions}},"messagesReceived":{{stats.MessagesReceived}},"messagesSent":{{stats.MessagesSent}},"serverClosed":{{stats.ServerClosed}}}"""));
        });
    }

    private static async Task<WebSocket?> AcceptAsync(HttpContext context, DemoWebSocketStats stats)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            context.Response.Headers.Upgrade = "websocket";
            await context.Response.WriteAsync("this route speaks WebSocket: connect with ws://\n").ConfigureAwait(false);
            return null;
        }
        var offered = context.WebSockets.WebSocketRequestedProtocols;
        var ws = await context.WebSockets.AcceptWebSocketAsync(offered.Count > 0 ? offered[0] : null).ConfigureAwait(false);
        stats.Session();
        return ws;
    }

    private static async Task EchoAsync(HttpContext context, DemoWebSocketStats stats, CancellationToken stopping)
    {
        var closeAfter = long.MaxValue;
        var q = context.Request.Query["closeAfter"];
        if (q.Count > 0 && (!long.TryParse(q[0], NumberStyles.None, CultureInfo.InvariantCulture, out closeAfter)))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("closeAfter must be a whole number >= 0\n").ConfigureAwait(false);
            return;
        }
        using var ws = await AcceptAsync(context, stats).ConfigureAwait(false);
        if (ws is null) return;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var token = linked.Token;
        try
        {
            for (long echoed = 0; ; echoed++)
            {
                if (echoed >= closeAfter)
                {
                    stats.ClosedByServer();
                    await CloseAsync(ws, "closeAfter reached", token).ConfigureAwait(false);
                    return;
                }
                var (data, type) = await ReceiveAsync(ws, token).ConfigureAwait(false);
                if (data is null)
                {
                    if (ws.State == WebSocketState.CloseReceived)
                        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", token).ConfigureAwait(false);
                    return;
                }
                stats.Received();
                await ws.SendAsync(data, type, true, token).ConfigureAwait(false);
                stats.Sent();
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away or the server is stopping.
        }
    }

    private static async Task ChatAsync(HttpContext context, DemoWebSocketStats stats, ConcurrentDictionary<Member, bool> room, CancellationToken stopping)
    {
        using var ws = await AcceptAsync(context, stats).ConfigureAwait(false);
        if (ws is null) return;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var token = linked.Token;
        var me = new Member(ws);
        room[me] = true;
        try
        {
            while (true)
            {
                var (data, type) = await ReceiveAsync(ws, token).ConfigureAwait(false);
                if (data is null) break;
                stats.Received();
                foreach (var member in room.Keys)
                    if (await member.SendAsync(data, type, token).ConfigureAwait(false)) stats.Sent();
            }
            // The client closed: no message goes to it after our close, so every message counted as sent reached it.
            await me.LeaveAsync(token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
        }
        finally
        {
            room.TryRemove(me, out _);
            me.Gone();
        }
    }

    /// <summary>One message, whole; null data when the client closed (or sent more than <see cref="MaxMessageBytes"/>).</summary>
    private static async Task<(byte[]? Data, WebSocketMessageType Type)> ReceiveAsync(WebSocket ws, CancellationToken token)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var r = await ws.ReceiveAsync(buffer.AsMemory(), token).ConfigureAwait(false);
            if (r.MessageType == WebSocketMessageType.Close) return (null, r.MessageType);
            message.Write(buffer, 0, r.Count);
            if (message.Length > MaxMessageBytes)
            {
                await ws.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "message too big", token).ConfigureAwait(false);
                return (null, r.MessageType);
            }
            if (r.EndOfMessage) return (message.ToArray(), r.MessageType);
        }
    }

    /// <summary>The server's close first: sends it, then reads (and drops) what the client still sends until its close.</summary>
    private static async Task CloseAsync(WebSocket ws, string reason, CancellationToken token)
    {
        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, reason, token).ConfigureAwait(false);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(token);
        wait.CancelAfter(CloseWait);
        var buffer = new byte[4096];
        while (ws.State == WebSocketState.CloseSent)
        {
            var r = await ws.ReceiveAsync(buffer.AsMemory(), wait.Token).ConfigureAwait(false);
            if (r.MessageType == WebSocketMessageType.Close) return;
        }
    }

    /// <summary>A chat client: its sends are one at a time (broadcasts come from every other client's loop).</summary>
    private sealed class Member(WebSocket ws)
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private bool _left;

        /// <summary>Sends unless the member has left; true when the message went out.</summary>
        public async Task<bool> SendAsync(byte[] data, WebSocketMessageType type, CancellationToken token)
        {
            await _lock.WaitAsync(token).ConfigureAwait(false);
            try
            {
                if (_left || ws.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return false;
                await ws.SendAsync(data, type, true, token).ConfigureAwait(false);
                return true;
            }
            catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
            {
                return false;
            }
            finally
            {
                _lock.Release();
            }
        }

        public async Task LeaveAsync(CancellationToken token)
        {
            await _lock.WaitAsync(token).ConfigureAwait(false);
            try
            {
                _left = true;
                if (ws.State == WebSocketState.CloseReceived)
                    await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", token).ConfigureAwait(false);
            }
            finally
            {
                _lock.Release();
            }
        }

        public void Gone() => _left = true;
    }
}
