using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Rampa.Core.Metrics;
using Rampa.Core.Time;

namespace Rampa.Core.Protocols.Http;

/// <summary>
/// The HTTP/1.1 client engine of one scenario on one silo: a SocketsHttpHandler behind an HttpMessageInvoker
/// (no HttpClient buffering, no cookies, no redirects, no proxy, no decompression), with its own connection pool.
/// <para>
/// Phase timings, as .NET lets them be observed: <c>connecting</c> is exact (timed in the connect callback) and
/// charged to the request that opened the connection; <c>waiting</c> is from the send until the response headers
/// arrive, minus connecting, so it includes writing the request (<c>sending</c> is reported as 0: the handler
/// writes headers and small bodies in one call it does not expose); <c>receiving</c> is exact (reading the body).
/// <c>blocked</c> equals connecting (a wait for a free pool slot is not observable). data_sent and data_received
/// are the exact bytes each connection read and wrote, collected once a second.
/// </para>
/// </summary>
public sealed class HttpRequester : IDisposable
{
    private readonly SocketsHttpHandler _handler;
    private readonly HttpMessageInvoker _invoker;

    public HttpRequester(MetricSink sink, int dataSentId, int dataReceivedId)
    {
        Traffic = new TrafficCounter(sink, dataSentId, dataReceivedId);
        _handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            ConnectCallback = async (context, ct) =>
            {
                var start = MonotonicClock.Now;
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
                if (context.InitialRequestMessage is TimedRequestMessage timed) timed.ConnectTicks += MonotonicClock.Now - start;
                var stream = new CountedNetworkStream(socket);
                Traffic.Add(stream);
                return stream;
            },
        };
        _invoker = new HttpMessageInvoker(_handler, disposeHandler: false);
    }

    /// <summary>The bytes this client's connections moved; collected into data_sent/data_received once a second.</summary>
    public TrafficCounter Traffic { get; }

    /// <summary>
    /// Sends one request and reads the whole response. Never throws for a failing target: the outcome says what
    /// happened. <paramref name="timeout"/> is a token the caller arms with the request's timeout;
    /// <paramref name="interrupt"/> is the VU's hard stop (an interrupted request is reported as such).
    /// </summary>
    public async ValueTask<HttpOutcome> SendAsync(
        HttpMethod method, Uri uri, IReadOnlyList<(string Name, string Value)> headers, byte[]? body, string? contentType,
        bool keepBody, CancellationToken timeout, CancellationToken interrupt, byte[] scratch)
    {
        var outcome = new HttpOutcome();
        using var request = new TimedRequestMessage(method, uri) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        var start = MonotonicClock.Now;
        long headersAt = 0;
        try
        {
            using var response = await _invoker.SendAsync(request, timeout).ConfigureAwait(false);
            headersAt = MonotonicClock.Now;
            outcome.Status = (int)response.StatusCode;
            var stream = await response.Content.ReadAsStreamAsync(timeout).ConfigureAwait(false);
            var kept = keepBody ? new ArrayBufferWriter<byte>() : null;
            int n;
            while ((n = await stream.ReadAsync(scratch, timeout).ConfigureAwait(false)) > 0)
            {
                outcome.BodyLength += n;
                kept?.Write(scratch.AsSpan(0, n));
            }
            outcome.Body = kept?.WrittenSpan.ToArray();
            outcome.ReceivingTicks = MonotonicClock.Now - headersAt;
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException or SocketException)
        {
            var now = MonotonicClock.Now;
            if (headersAt != 0) outcome.ReceivingTicks = now - headersAt;
            else headersAt = now;
            if (interrupt.IsCancellationRequested) outcome.Interrupted = true;
            outcome.Status = 0;
            outcome.Error = interrupt.IsCancellationRequested ? "interrupted" : Describe(e, timeout.IsCancellationRequested);
        }
        outcome.ConnectingTicks = request.ConnectTicks;
        outcome.WaitingTicks = Math.Max(0, headersAt - start - request.ConnectTicks);
        return outcome;
    }

    /// <summary>A short, stable reason for a failed request: it becomes the <c>error</c> tag, so keep the set small.</summary>
    internal static string Describe(Exception e, bool timedOut)
    {
        if (timedOut || e is TimeoutException || e.InnerException is TimeoutException) return "request timeout";
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is SocketException se)
                return se.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.ConnectionReset => "connection reset",
                    SocketError.TimedOut => "connect timeout",
                    SocketError.HostNotFound or SocketError.NoData => "host not found",
                    SocketError.NetworkUnreachable or SocketError.HostUnreachable => "unreachable",
                    _ => "socket error " + se.SocketErrorCode,
                };
        }
        if (e is HttpRequestException hre)
            return hre.HttpRequestError switch
            {
                HttpRequestError.ResponseEnded => "connection reset",
                HttpRequestError.ConnectionError => "connection error",
                HttpRequestError.InvalidResponse => "invalid response",
                HttpRequestError.NameResolutionError => "host not found",
                _ => "request failed",
            };
        if (e is IOException) return "connection reset";
        return "request failed";
    }

    public void Dispose()
    {
        _invoker.Dispose();
        _handler.Dispose();
    }
}
