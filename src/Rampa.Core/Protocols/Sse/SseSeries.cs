using System.Collections.Concurrent;
using System.Globalization;
using Rampa.Core.Metrics;

namespace Rampa.Core.Protocols.Sse;

/// <summary>
/// The series one stream kind records into (one tag set: the scenario's tags, <c>name</c>, <c>group</c>, own tags),
/// registered once and shared by the VUs; <c>sse_streams</c> has a series per HTTP status, registered on first sight.
/// </summary>
internal sealed class SseSeries
{
    private readonly MetricSink _sink;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _tags;
    private readonly ConcurrentDictionary<int, int> _streams = new();

    public SseSeries(MetricSink sink, IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        _sink = sink;
        _tags = tags;
        TimeToFirstEvent = sink.Register(SseMetrics.TimeToFirstEvent, tags);
        EventInterval = sink.Register(SseMetrics.EventInterval, tags);
        Events = sink.Register(SseMetrics.Events, tags);
        EventsPerStream = sink.Register(SseMetrics.EventsPerStream, tags);
        StreamDuration = sink.Register(SseMetrics.StreamDuration, tags);
        Failed = sink.Register(SseMetrics.StreamFailed, tags);
    }

    public MetricSink Sink => _sink;
    /// <summary>The tag set, for series of the step's checks.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Tags => _tags;
    public int TimeToFirstEvent { get; }
    public int EventInterval { get; }
    public int Events { get; }
    public int EventsPerStream { get; }
    public int StreamDuration { get; }
    public int Failed { get; }

    /// <summary>The <c>sse_streams</c> series of a stream that got <paramref name="status"/> (0: no response).</summary>
    public int Streams(int status) => _streams.GetOrAdd(status, s =>
        _sink.Register(SseMetrics.Streams, [.. _tags, new("status", s.ToString(CultureInfo.InvariantCulture))]));

    /// <summary>The <c>checks</c> series of a check of this stream kind.</summary>
    public int Check(string name) => _sink.Register(BuiltinMetrics.Checks, [.. _tags, new("check", name)]);
}
