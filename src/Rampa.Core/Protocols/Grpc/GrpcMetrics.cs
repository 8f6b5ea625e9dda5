using Rampa.Core.Metrics;

namespace Rampa.Core.Protocols.Grpc;

/// <summary>
/// The metrics of gRPC steps and <c>worker.Grpc</c> channels (k6's names where k6 has them). Every sample carries the
/// step's tags and <c>grpc_status</c>, the status code's name (<c>OK</c>, <c>UNAVAILABLE</c>...).
/// </summary>
public static class GrpcMetrics
{
    /// <summary>Calls made (one per unary call or stream).</summary>
    public static readonly MetricDefinition Reqs = new("grpc_reqs", MetricType.Counter);

    /// <summary>From the call's start to its response (unary) or to the stream's end (its status, after the last message).</summary>
    public static readonly MetricDefinition ReqDuration = new("grpc_req_duration", MetricType.Trend, MetricUnit.Time);

    /// <summary>Calls whose status is not an expected one (by default anything but OK).</summary>
    public static readonly MetricDefinition ReqFailed = new("grpc_req_failed", MetricType.Rate);

    /// <summary>Server streams opened.</summary>
    public static readonly MetricDefinition Streams = new("grpc_streams", MetricType.Counter);

    /// <summary>Messages received on server streams.</summary>
    public static readonly MetricDefinition StreamMsgsReceived = new("grpc_streams_msgs_received", MetricType.Counter);

    /// <summary>From a stream's start to its first message (time to first message).</summary>
    public static readonly MetricDefinition StreamFirstMessage = new("grpc_stream_first_message", MetricType.Trend, MetricUnit.Time);

    /// <summary>The tag that holds the call's status code name.</summary>
    public const string StatusTag = "grpc_status";

    public static readonly IReadOnlyList<MetricDefinition> All = [Reqs, ReqDuration, ReqFailed, Streams, StreamMsgsReceived, StreamFirstMessage];
}
