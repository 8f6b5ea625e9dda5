using Rampa.Core.Metrics;

namespace Rampa.Core.Protocols.Sse;

/// <summary>
/// What Server-Sent Events streams record (docs/semantics.md#metrics). k6 has no SSE metrics (its SSE extension was
/// never merged), so the names follow k6's pattern for WebSocket (<c>ws_sessions</c>, <c>ws_msgs_received</c>).
/// </summary>
internal static class SseMetrics
{
    /// <summary>Streams opened (the request was sent), tagged <c>status</c> (0 when no response came).</summary>
    public static readonly MetricDefinition Streams = new("sse_streams", MetricType.Counter);
    /// <summary>From the start of the request (connecting included) to the first event: an LLM's time to first token.</summary>
    public static readonly MetricDefinition TimeToFirstEvent = new("sse_time_to_first_event", MetricType.Trend, MetricUnit.Time);
    /// <summary>Between one event and the next in a stream.</summary>
    public static readonly MetricDefinition EventInterval = new("sse_event_interval", MetricType.Trend, MetricUnit.Time);
    /// <summary>Events received (each as it arrives).</summary>
    public static readonly MetricDefinition Events = new("sse_events", MetricType.Counter);
    /// <summary>Events received in one stream, once per finished stream.</summary>
    public static readonly MetricDefinition EventsPerStream = new("sse_events_per_stream", MetricType.Trend);
    /// <summary>From the start of the request to the stream's end (its condition met, closed by the server, or timed out).</summary>
    public static readonly MetricDefinition StreamDuration = new("sse_stream_duration", MetricType.Trend, MetricUnit.Time);
    /// <summary>Streams that failed: an HTTP error or unexpected status, a timeout before the condition, closed before it.</summary>
    public static readonly MetricDefinition StreamFailed = new("sse_stream_failed", MetricType.Rate);

    public static readonly IReadOnlyList<MetricDefinition> All =
        [Streams, TimeToFirstEvent, EventInterval, Events, EventsPerStream, StreamDuration, StreamFailed];
}
