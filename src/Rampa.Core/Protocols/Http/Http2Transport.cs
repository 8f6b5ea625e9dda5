using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using Rampa.Core.Time;

namespace Rampa.Core.Protocols.Http;

/// <summary>
/// The connections HTTP/2 requests go over: a <see cref="SocketsHttpHandler"/> (it speaks HTTP/2: framing, HPACK,
/// flow control, multiplexing) whose <see cref="SocketsHttpHandler.ConnectCallback"/> resolves and connects the
/// socket itself and whose <see cref="SocketsHttpHandler.PlaintextStreamFilter"/> sees the end of the TLS handshake,
/// so DNS, connect and TLS are timed exactly as for HTTP/1.1 (the handler does the TLS itself, with ALPN, so the
/// request keeps its https scheme). One per VU by default; one per scenario per silo with <c>connections: shared</c>.
/// </summary>
public sealed class Http2Transport : IDisposable
{
    /// <summary>Where the request that opened a connection finds how long opening it took.</summary>
    internal static readonly HttpRequestOptionsKey<ConnectTimings> TimingsKey = new("rampa.connect-timings");

    private readonly TrafficCounter _traffic;
    private readonly bool _shared;
    private long _lastWrite;

    public Http2Transport(TrafficCounter traffic, bool insecureSkipTlsVerify, bool shared)
    {
        _traffic = traffic;
        _shared = shared;
        var handler = new SocketsHttpHandler
        {
            // As the HTTP/1.1 client: no proxy, cookies, redirects or decompression; the response is what the target sent.
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            // A shared pool opens more connections when one is at the server's stream limit; a VU sends one request at
            // a time, so its own connection never is.
            EnableMultipleHttp2Connections = shared,
            // The connect continues when the request that started it is cancelled (the handler's choice): bound it.
            ConnectTimeout = TimeSpan.FromSeconds(60),
            ConnectCallback = ConnectAsync,
            PlaintextStreamFilter = TlsDone,
        };
        if (insecureSkipTlsVerify)
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true };
        Invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    public HttpMessageInvoker Invoker { get; }

    /// <summary>
    /// Whether a request must carry its <see cref="ConnectTimings"/> in its options: on a shared transport, to find the
    /// request that opened a connection. A VU's own transport has one request in flight, whose timings are
    /// <see cref="Current"/> (no per-request dictionary).
    /// </summary>
    internal bool Shared => _shared;

    /// <summary>The timings of the one request in flight on a VU's own transport.</summary>
    internal ConnectTimings? Current { get; set; }

    private ConnectTimings? TimingsOf(HttpRequestMessage request) =>
        _shared ? (request.Options.TryGetValue(TimingsKey, out var t) ? t : null) : Current;

    /// <summary>Monotonic ticks of the last write on any of its connections: when a request's last frame went out.</summary>
    public long LastWriteTicks => Volatile.Read(ref _lastWrite);

    internal void NoteWrite() => Volatile.Write(ref _lastWrite, MonotonicClock.Now);

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellation)
    {
        var timings = TimingsOf(context.InitialRequestMessage);
        var t0 = MonotonicClock.Now;
        var host = context.DnsEndPoint.Host;
        if (!IPAddress.TryParse(host, out var address))
        {
            // The same choice as the HTTP/1.1 client: the first IPv4 address, else the first.
            var addresses = await Dns.GetHostAddressesAsync(host, cancellation).ConfigureAwait(false);
            address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
                ?? throw new SocketException((int)SocketError.HostNotFound);
        }
        var t1 = MonotonicClock.Now;
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellation).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var t2 = MonotonicClock.Now;
        timings?.Connected(t1 - t0, t2 - t1, t2);
        var stream = new Http2NetworkStream(socket, this);
        _traffic.Add(stream);
        return stream;
    }

    private ValueTask<Stream> TlsDone(SocketsHttpPlaintextStreamFilterContext context, CancellationToken cancellation)
    {
        if (context.InitialRequestMessage.RequestUri?.Scheme == Uri.UriSchemeHttps && TimingsOf(context.InitialRequestMessage) is { } timings)
            timings.Secured(MonotonicClock.Now);
        return ValueTask.FromResult(context.PlaintextStream);
    }

    public void Dispose() => Invoker.Dispose();
}
