using Rampa.Core.Metrics;

namespace Rampa.Core.Protocols.Ws;

/// <summary>
/// The WebSocket metrics, in k6's vocabulary (its <c>k6/ws</c> names), plus the reply time and the failed-session rate
/// k6 lacks. Session metrics carry the handshake's <c>status</c> tag (101, the HTTP status of a refused upgrade, or 0).
/// </summary>
public static class WsMetrics
{
    /// <summary>From the start of the TCP connect to the end of the opening handshake (TLS and the 101 included).</summary>
    public static readonly MetricDefinition Connecting = new("ws_connecting", MetricType.Trend, MetricUnit.Time);
    /// <summary>From the connect to the end of the session (the close handshake, or the failure that ended it).</summary>
    public static readonly MetricDefinition SessionDuration = new("ws_session_duration", MetricType.Trend, MetricUnit.Time);
    /// <summary>Sessions started (every connect attempt).</summary>
    public static readonly MetricDefinition Sessions = new("ws_sessions", MetricType.Counter);
    /// <summary>Messages sent (text and binary; pings and close frames are not messages).</summary>
    public static readonly MetricDefinition MessagesSent = new("ws_msgs_sent", MetricType.Counter);
    /// <summary>Messages received, each counted when it arrives, whether or not an action reads it.</summary>
    public static readonly MetricDefinition MessagesReceived = new("ws_msgs_received", MetricType.Counter);
    /// <summary>From a ping frame sent to its pong received.</summary>
    public static readonly MetricDefinition Ping = new("ws_ping", MetricType.Trend, MetricUnit.Time);
    /// <summary>From a send to the message the next <c>receive</c>/<c>expect</c> accepted (the reply to it).</summary>
    public static readonly MetricDefinition ReplyDuration = new("ws_reply_duration", MetricType.Trend, MetricUnit.Time);
    /// <summary>1 for a session that failed (connect refused, a wait timed out, the server closed first), 0 for one that did not.</summary>
    public static readonly MetricDefinition SessionFailed = new("ws_session_failed", MetricType.Rate);

    public static readonly IReadOnlyList<MetricDefinition> All =
        [Connecting, SessionDuration, Sessions, MessagesSent, MessagesReceived, Ping, ReplyDuration, SessionFailed];
}
