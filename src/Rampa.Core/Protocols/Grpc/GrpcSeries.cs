using System.Collections.Concurrent;
using Rampa.Core.Metrics;

namespace Rampa.Core.Protocols.Grpc;

/// <summary>
/// The series of one call site's gRPC metrics, one set per status code, registered on first sight and shared by the
/// VUs that make those calls (a YAML step's, or a <c>worker.Grpc</c> method's).
/// </summary>
internal sealed class GrpcSeries(MetricSink sink, IReadOnlyList<KeyValuePair<string, string>> tags, IReadOnlySet<int> expected)
{
    private readonly ConcurrentDictionary<int, GrpcSeriesIds> _byStatus = new();

    public GrpcSeriesIds For(int status) => _byStatus.GetOrAdd(status, s =>
    {
        var t = new List<KeyValuePair<string, string>>(tags) { new(GrpcMetrics.StatusTag, GrpcStatusNames.Of(s)) };
        return new GrpcSeriesIds(
            sink.Register(GrpcMetrics.Reqs, t), sink.Register(GrpcMetrics.ReqDuration, t), sink.Register(GrpcMetrics.ReqFailed, t),
            sink.Register(GrpcMetrics.Streams, t), sink.Register(GrpcMetrics.StreamMsgsReceived, t),
            sink.Register(GrpcMetrics.StreamFirstMessage, t), !expected.Contains(s));
    });

    /// <summary>Records one finished call: its count, duration, verdict, and for a stream its messages and time to the first.</summary>
    public void Record(int status, long durationMicros, bool stream, long messages, long firstMessageMicros, string? failure)
    {
        var ids = For(status);
        Span<Sample> samples = stackalloc Sample[6];
        var n = 0;
        samples[n++] = new(ids.Reqs, 1);
        samples[n++] = new(ids.Duration, durationMicros);
        samples[n++] = new(ids.Failed, ids.IsFailure ? 1 : 0);
        if (stream)
        {
            samples[n++] = new(ids.Streams, 1);
            if (messages > 0) samples[n++] = new(ids.MsgsReceived, messages);
            if (firstMessageMicros >= 0) samples[n++] = new(ids.FirstMessage, firstMessageMicros);
        }
        sink.Add(samples[..n]);
        if (ids.IsFailure && failure is not null && sink.WantsMessage(ids.Failed)) sink.NoteMessage(ids.Failed, failure);
    }

    /// <summary>A call cut by the run's end: it was made (the server may have seen it), with no timing or verdict.</summary>
    public void RecordInterrupted() => sink.Add(For(1).Reqs, 1);
}

internal sealed record GrpcSeriesIds(int Reqs, int Duration, int Failed, int Streams, int MsgsReceived, int FirstMessage, bool IsFailure);
