using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rampa.Sdk;

/// <summary>
/// A VU's WebSocket client: <c>await using var ws = await worker.WebSocket.ConnectAsync("/ws/echo");</c>. Every session
/// records what a YAML <c>ws</c> step does (<c>ws_connecting</c>, <c>ws_sessions</c>, <c>ws_msgs_sent</c>,
/// <c>ws_msgs_received</c>, <c>ws_ping</c>, <c>ws_reply_duration</c>, <c>ws_session_duration</c>, <c>ws_session_failed</c>),
/// tagged name, group, status and your tags. Failures are kept on the session (<see cref="WebSocketSession.Error"/>),
/// never thrown.
/// </summary>
public abstract class WorkerWebSocket
{
    /// <summary>
    /// Connects to <paramref name="url"/>: <c>ws://</c>/<c>wss://</c>, or a path against the run's base URL (http becomes
    /// ws, https wss). The session that returns has failed (<see cref="WebSocketSession.IsOpen"/> false) when the connect did.
    /// </summary>
    public abstract Task<WebSocketSession> ConnectAsync(string url, WebSocketOptions? options = null);
}

/// <summary>How to connect: the session's name tag (default: the URL as given), headers, subprotocols, tags, timeout.</summary>
public sealed class WebSocketOptions
{
    public string? Name { get; init; }
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
    public IReadOnlyList<string>? Subprotocols { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
    /// <summary>The connect's limit and the default of every wait; the run's request timeout when null.</summary>
    public TimeSpan? Timeout { get; init; }
}

/// <summary>
/// One WebSocket session. A wait that times out, or a server that closes before you do, fails the session (recorded in
/// <c>ws_session_failed</c> when it ends) and it stays closed. Close it, or dispose it (<c>await using</c>), to record it.
/// </summary>
public abstract class WebSocketSession : IAsyncDisposable
{
    /// <summary>The handshake's status: 101, the HTTP status of a refused upgrade, or 0 when none came.</summary>
    public abstract int Status { get; }
    public abstract string? Subprotocol { get; }
    public abstract bool IsOpen { get; }
    /// <summary>Why the session failed; null while it has not.</summary>
    public abstract string? Error { get; }

    /// <summary>Sends a text message; false when the session has failed or is closed.</summary>
    public abstract Task<bool> SendAsync(string text);

    /// <summary>Sends a binary message.</summary>
    public abstract Task<bool> SendAsync(ReadOnlyMemory<byte> binary);

    /// <summary>Sends <paramref name="value"/> as JSON text (web defaults: camelCase).</summary>
    public Task<bool> SendJsonAsync(object value) =>
        SendAsync(JsonSerializer.Serialize(value, value.GetType(), new JsonSerializerOptions(JsonSerializerDefaults.Web)));

    /// <summary>The next message; null when none came within the timeout or the session ended (see <see cref="Error"/>).</summary>
    public abstract Task<WebSocketMessage?> ReceiveAsync(TimeSpan? timeout = null);

    /// <summary>The first message that <paramref name="match"/> accepts, skipping the others; null as for <see cref="ReceiveAsync"/>.</summary>
    public abstract Task<WebSocketMessage?> ExpectAsync(Func<WebSocketMessage, bool> match, TimeSpan? timeout = null);

    /// <summary>Sends a ping and waits for its pong (<c>ws_ping</c>); the round trip, or null when none came.</summary>
    public abstract Task<TimeSpan?> PingAsync(TimeSpan? timeout = null);

    /// <summary>Closes (the close handshake, up to the timeout) and records the session.</summary>
    public abstract Task CloseAsync(int code = 1000, string reason = "", TimeSpan? timeout = null);

    /// <summary>Records the session, closing it first if it is open.</summary>
    public abstract ValueTask DisposeAsync();
}

/// <summary>A message received: binary or text, its bytes, and its text or JSON read when asked.</summary>
public sealed class WebSocketMessage(byte[] data, bool isBinary)
{
    private string? _text;

    public bool IsBinary { get; } = isBinary;
    public ReadOnlyMemory<byte> Data => data;
    public string Text => _text ??= Encoding.UTF8.GetString(data);

    /// <summary>The message as JSON; null when it is not JSON.</summary>
    public JsonNode? Json()
    {
        try
        {
            return JsonNode.Parse(data);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public override string ToString() => IsBinary ? $"({data.Length} bytes)" : Text;
}
