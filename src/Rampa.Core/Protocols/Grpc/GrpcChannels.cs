using System.Net.Sockets;
using Grpc.Net.Client;
using Rampa.Core.Protocols.Http;

namespace Rampa.Core.Protocols.Grpc;

/// <summary>
/// Creates the gRPC channels of VUs: HTTP/2 (cleartext with prior knowledge for http://, ALPN for https://) over
/// connections whose bytes count into data_sent/data_received.
/// </summary>
internal static class GrpcChannels
{
    public static GrpcChannel Create(Uri address, TrafficCounter? traffic)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
        if (traffic is not null)
            handler.ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, ct).ConfigureAwait(false);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
                var stream = new CountedNetworkStream(socket);
                traffic.Add(stream);
                return stream;
            };
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
        });
    }
}
