using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Rampa.Core.Protocols.Http;

namespace Rampa.Core.Protocols.Ws;

/// <summary>What an opening handshake ended with: a stream ready for the WebSocket, or the status and error of a failure.</summary>
internal readonly record struct WsHandshakeResult(WsFrameStream? Stream, int Status, string? Subprotocol, string? Error);

/// <summary>
/// The client's opening handshake (RFC 6455 §4): TCP (counted into data_sent/data_received), TLS for <c>wss</c>, the
/// HTTP/1.1 upgrade request, and the 101 answer checked (its accept key, the subprotocol chosen). Done here rather than by
/// <see cref="System.Net.WebSockets.ClientWebSocket"/> so the bytes are counted on our socket and the frame stream under
/// the WebSocket is ours (see <see cref="WsFrameStream"/>); the framing itself is the built-in WebSocket's.
/// </summary>
internal static class WsHandshake
{
    private const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private const int MaxHead = 16 * 1024;

    public static async Task<WsHandshakeResult> ConnectAsync(Uri uri, IReadOnlyList<(string Name, string Value)> headers,
        IReadOnlyList<string> subprotocols, TrafficCounter traffic, CancellationToken cancellation)
    {
        var tls = uri.Scheme == "wss";
        IPAddress? address;
        if (!IPAddress.TryParse(uri.IdnHost, out address))
        {
            var addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, cancellation).ConfigureAwait(false);
            address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            if (address is null) return new(null, 0, null, $"no address for host '{uri.Host}'");
        }
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        var handedOver = false;
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, uri.Port), cancellation).ConfigureAwait(false);
            var net = new CountedNetworkStream(socket);
            traffic.Add(net);
            stream = net;
            if (tls)
            {
                var ssl = new SslStream(net, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = uri.IdnHost }, cancellation).ConfigureAwait(false);
            }

            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            await stream.WriteAsync(Request(uri, key, headers, subprotocols), cancellation).ConfigureAwait(false);
            var (head, leftover) = await ReadHeadAsync(stream, cancellation).ConfigureAwait(false);
            if (head is null) return Fail(0, "the connection closed before the server answered the upgrade");
            var (status, answer) = Parse(head);
            if (status != 101)
                return Fail(status, status == 0 ? "the server's answer to the upgrade is not HTTP" : $"the server answered {status} instead of 101 Switching Protocols");
            if (!string.Equals(answer.GetValueOrDefault("upgrade"), "websocket", StringComparison.OrdinalIgnoreCase))
                return Fail(status, "the server's 101 has no 'Upgrade: websocket'");
            var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + Guid)));
            if (answer.GetValueOrDefault("sec-websocket-accept") != accept)
                return Fail(status, "the server's Sec-WebSocket-Accept does not match the key sent");
            var chosen = answer.GetValueOrDefault("sec-websocket-protocol");
            if (chosen is not null && !subprotocols.Contains(chosen, StringComparer.Ordinal))
                return Fail(status, $"the server chose the subprotocol '{chosen}', which was not offered");
            if (chosen is null && subprotocols.Count > 0)
                return Fail(status, $"the server accepted none of the subprotocols offered ({string.Join(", ", subprotocols)})");
            var result = new WsFrameStream(stream, leftover);
            handedOver = true;
            return new(result, status, chosen, null);
        }
        finally
        {
            if (!handedOver)
            {
                if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
                socket.Dispose();
            }
        }

        WsHandshakeResult Fail(int status, string error) => new(null, status, null, error);
    }

    private static byte[] Request(Uri uri, string key, IReadOnlyList<(string Name, string Value)> headers, IReadOnlyList<string> subprotocols)
    {
        var sb = new StringBuilder(256);
        sb.Append("GET ").Append(uri.PathAndQuery).Append(" HTTP/1.1\r\nHost: ").Append(uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port.ToString(CultureInfo.InvariantCulture)}")
          .Append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ").Append(key).Append("\r\nSec-WebSocket-Version: 13\r\n");
        if (subprotocols.Count > 0) sb.Append("Sec-WebSocket-Protocol: ").Append(string.Join(", ", subprotocols)).Append("\r\n");
        foreach (var (name, value) in headers) sb.Append(name).Append(": ").Append(value).Append("\r\n");
        sb.Append("\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>Reads up to the end of the answer's head; the bytes after it are the first of the WebSocket's frames.</summary>
    private static async Task<(string? Head, byte[] Leftover)> ReadHeadAsync(Stream stream, CancellationToken cancellation)
    {
        var buffer = new byte[4096];
        var have = 0;
        while (true)
        {
            if (have == buffer.Length)
            {
                if (buffer.Length >= MaxHead) throw new IOException($"the server's answer head is longer than {MaxHead} bytes");
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            var n = await stream.ReadAsync(buffer.AsMemory(have), cancellation).ConfigureAwait(false);
            if (n == 0) return (null, []);
            var from = Math.Max(0, have - 3);
            have += n;
            var end = buffer.AsSpan(from, have - from).IndexOf("\r\n\r\n"u8);
            if (end < 0) continue;
            end += from + 4;
            return (Encoding.Latin1.GetString(buffer, 0, end), buffer.AsSpan(end, have - end).ToArray());
        }
    }

    private static (int Status, Dictionary<string, string> Headers) Parse(string head)
    {
        var lines = head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var parts = lines.Length > 0 ? lines[0].Split(' ', 3) : [];
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            return (0, headers);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }
        return (status, headers);
    }
}
