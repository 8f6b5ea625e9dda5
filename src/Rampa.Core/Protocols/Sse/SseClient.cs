using System.Net;
using System.Net.Sockets;
using Rampa.Core.Protocols.Http;

namespace Rampa.Core.Protocols.Sse;

/// <summary>
/// One VU's transport for Server-Sent Events: its own <see cref="SocketsHttpHandler"/> (streams are long and read as
/// they come, so .NET's HTTP stack with <see cref="HttpCompletionOption.ResponseHeadersRead"/> serves them; the raw
/// HTTP/1.1 fast path reads whole bodies). Its connections count their bytes into data_sent/data_received. No
/// redirects, cookies, proxy or decompression: the stream the target sends is the one measured.
/// </summary>
internal sealed class SseClient : IDisposable
{
    private readonly HttpMessageInvoker _invoker;

    public SseClient(TrafficCounter traffic)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            // Every wait is bounded by the stream's own timeout (the token), not by the handler's.
            ConnectTimeout = Timeout.InfiniteTimeSpan,
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, token).ConfigureAwait(false);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
                var stream = new CountedNetworkStream(socket);
                traffic.Add(stream);
                return stream;
            },
        };
        _invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    /// <summary>Sends the request and returns once the response's headers came; the body is read as a stream.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken token)
    {
        // HttpMessageInvoker has no completion option: a SocketsHttpHandler response's content is always streamed.
        return _invoker.SendAsync(request, token);
    }

    public void Dispose() => _invoker.Dispose();
}
