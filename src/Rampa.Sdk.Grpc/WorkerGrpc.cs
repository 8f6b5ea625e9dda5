using Grpc.Core;

namespace Rampa.Sdk;

/// <summary>
/// A VU's gRPC channels, for clients generated from your .proto (<c>new Greeter.GreeterClient(worker.Grpc.Channel(url))</c>).
/// Every call through them is recorded as a YAML <c>grpc</c> step's (<c>grpc_reqs</c>, <c>grpc_req_duration</c>,
/// <c>grpc_req_failed</c>, and for server streams <c>grpc_streams</c>, <c>grpc_streams_msgs_received</c>,
/// <c>grpc_stream_first_message</c>), tagged <c>name</c> (<c>package.Service/Method</c>), <c>grpc_status</c> and
/// <c>group</c>. A call that sets no deadline gets the scenario's request timeout, and one that sets no cancellation token
/// ends with the iteration. A failing call throws <see cref="RpcException"/> as usual, after it is recorded.
/// </summary>
public abstract class WorkerGrpc
{
    /// <summary>
    /// The VU's channel to <paramref name="address"/> (<c>http://host:port</c> for HTTP/2 cleartext, or <c>https://</c>),
    /// made on first use and kept for the VU's life (one HTTP/2 connection, as a k6 VU's <c>client.connect</c>).
    /// </summary>
    public abstract CallInvoker Channel(string address);
}

/// <summary><c>worker.Grpc</c>: the VU's gRPC channels (this package's extension property on <see cref="Worker"/>).</summary>
public static class WorkerGrpcExtensions
{
    extension(Worker worker)
    {
        /// <summary>The VU's gRPC channels, recorded as gRPC steps are: <c>new Greeter.GreeterClient(worker.Grpc.Channel("http://127.0.0.1:5090"))</c>.</summary>
        public WorkerGrpc Grpc => worker.Feature<WorkerGrpc>()
            ?? throw new NotSupportedException("this worker has no gRPC channels (it is not one of Rampa's engine)");
    }
}
