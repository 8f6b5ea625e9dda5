using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rampa.Core.Engine.WarmUp;

/// <summary>
/// The smallest HTTP/1.1 server the warm-up needs: listens on 127.0.0.1 only (a free port), keeps connections alive,
/// reads each request (head, then a Content-Length body) and answers every one with the same small 200 JSON response.
/// Plain sockets, so it costs nothing to start and pulls in no web stack. Disposing it stops the listener and closes
/// every connection at once (it waits for nothing). Never throws from its connections: a client that sends something it
/// does not understand (a chunked body, a head over 16 KiB) just gets its connection closed.
/// </summary>
public sealed class LoopbackHttpStub : IDisposable
{
    /// <summary>What every request gets; JSON so that checks on the body or on JSON have something to read.</summary>
    private static readonly byte[] Response =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}"u8.ToArray();
    private const int MaxHead = 16 * 1024;

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, byte> _connections = new();
    private int _disposed, _accepted;
    private long _requests;

    public LoopbackHttpStub()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        BaseUrl = new Uri($"http://127.0.0.1:{Port}");
        _ = AcceptAsync();
    }

    public int Port { get; }
    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public Uri BaseUrl { get; }
    /// <summary>Requests answered so far.</summary>
    public long Requests => Interlocked.Read(ref _requests);
    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
                Interlocked.Increment(ref _accepted);
                _connections[socket] = 0;
                // Disposed while this one was being accepted: Dispose may have missed it, so close it here.
                if (Volatile.Read(ref _disposed) != 0)
                {
                    Close(socket);
                    return;
                }
                _ = ServeAsync(socket);
            }
        }
        catch (Exception)
        {
            // The listener was stopped (disposed), or failed: either way no more connections.
        }
    }

    /// <summary>Answers the requests of one connection, in order, until the client closes it or the stub is disposed.</summary>
    private async Task ServeAsync(Socket socket)
    {
        var buffer = new byte[8192];
        int start = 0, end = 0;
        try
        {
            socket.NoDelay = true;
            while (true)
            {
                var head = buffer.AsSpan(start, end - start).IndexOf("\r\n\r\n"u8);
                if (head < 0)
                {
                    if (end - start >= MaxHead) return;
                    if (start > 0)
                    {
                        // Keep the unread bytes at the front, so a head always fits in one span.
                        buffer.AsSpan(start, end - start).CopyTo(buffer);
                        end -= start;
                        start = 0;
                    }
                    if (end == buffer.Length) Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxHead));
                    var n = await socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None, _stop.Token).ConfigureAwait(false);
                    if (n == 0) return;
                    end += n;
                    continue;
                }
                if (!TryReadHead(buffer.AsSpan(start, head), out var bodyLength, out var close)) return;
                start += head + 4;
                // Skip the body: what is buffered first, then whatever is still on its way.
                var buffered = (int)Math.Min(bodyLength, end - start);
                start += buffered;
                bodyLength -= buffered;
                while (bodyLength > 0)
                {
                    var n = await socket.ReceiveAsync(buffer.AsMemory(0, (int)Math.Min(bodyLength, buffer.Length)), SocketFlags.None, _stop.Token)
                        .ConfigureAwait(false);
                    if (n == 0) return;
                    bodyLength -= n;
                    start = end = 0;
                }
                if (start == end) start = end = 0;
                Interlocked.Increment(ref _requests);
                await socket.SendAsync(Response, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                if (close) return;
            }
        }
        catch (Exception)
        {
            // Reset by the client, or the stub was disposed: the connection is over either way.
        }
        finally
        {
            Close(socket);
        }
    }

    /// <summary>The body length and whether the client asked to close; false for what this stub does not speak (chunked bodies, bad lengths).</summary>
    private static bool TryReadHead(ReadOnlySpan<byte> head, out long bodyLength, out bool close)
    {
        bodyLength = 0;
        close = false;
        var line = head.IndexOf("\r\n"u8);
        if (line < 0) return true; // a request line alone
        var rest = head[(line + 2)..];
        while (!rest.IsEmpty)
        {
            var eol = rest.IndexOf("\r\n"u8);
            var field = eol < 0 ? rest : rest[..eol];
            rest = eol < 0 ? default : rest[(eol + 2)..];
            var colon = field.IndexOf((byte)':');
            if (colon <= 0) continue;
            var name = field[..colon];
            var value = field[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (!Utf8Parser.TryParse(value, out long length, out var used) || used != value.Length || length < 0) return false;
                bodyLength = length;
            }
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8)) return false;
            else if (Ascii.EqualsIgnoreCase(name, "connection"u8) && Ascii.EqualsIgnoreCase(value, "close"u8)) close = true;
        }
        return true;
    }

    private void Close(Socket socket)
    {
        _connections.TryRemove(socket, out _);
        socket.Dispose();
    }

    /// <summary>Stops listening and closes every connection; the port is free when this returns.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stop.Cancel();
        _listener.Stop();
        foreach (var socket in _connections.Keys) Close(socket);
        _listener.Dispose();
        _stop.Dispose();
    }
}
