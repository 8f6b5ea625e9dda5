using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Rampa.Core.Protocols.Http;

/// <summary>One keep-alive HTTP/1.1 connection of one VU: a socket, its counted stream, TLS when the origin is https.</summary>
internal sealed class Http1Connection : IDisposable
{
    private Http1Connection(Socket socket, CountedNetworkStream net, Stream stream)
    {
        Socket = socket;
        Net = net;
        Stream = stream;
    }

    public Socket Socket { get; }
    public CountedNetworkStream Net { get; }
    public Stream Stream { get; }
    /// <summary>Monotonic ticks when the last response on it completed.</summary>
    public long IdleSince { get; set; }

    /// <summary>Opens a connection and reports how long the DNS lookup, the TCP connect and the TLS handshake took.</summary>
    public static async ValueTask<(Http1Connection Connection, long DnsTicks, long ConnectTicks, long TlsTicks)> OpenAsync(
        HttpTarget target, TrafficCounter traffic, bool insecureSkipTlsVerify, CancellationToken cancellation)
    {
        var t0 = Time.MonotonicClock.Now;
        IPAddress address;
        if (!IPAddress.TryParse(target.Host, out address!))
        {
            var addresses = await Dns.GetHostAddressesAsync(target.Host, cancellation).ConfigureAwait(false);
            address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
                ?? throw new SocketException((int)SocketError.HostNotFound);
        }
        var t1 = Time.MonotonicClock.Now;
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, target.Port), cancellation).ConfigureAwait(false);
            var t2 = Time.MonotonicClock.Now;
            var net = new CountedNetworkStream(socket);
            traffic.Add(net);
            Stream stream = net;
            if (target.Tls)
            {
                var ssl = new SslStream(net, leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = target.Host,
                    RemoteCertificateValidationCallback = insecureSkipTlsVerify ? (_, _, _, _) => true : null,
                }, cancellation).ConfigureAwait(false);
                stream = ssl;
            }
            var tls = target.Tls ? Time.MonotonicClock.Now - t2 : 0;
            return (new Http1Connection(socket, net, stream), t1 - t0, t2 - t1, tls);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// False when the server closed the connection while it sat idle (readable with nothing to read): checked only
    /// after a second of idleness, so a busy connection costs no extra system call.
    /// </summary>
    public bool LooksAlive(long now)
    {
        if (now - IdleSince < Time.MonotonicClock.FromTimeSpan(TimeSpan.FromSeconds(1))) return true;
        try
        {
            return !(Socket.Poll(0, SelectMode.SelectRead) && Socket.Available == 0);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    public void Dispose() => Stream.Dispose();
}
