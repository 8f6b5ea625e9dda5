using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rampa.Core.Tests.Protocols;

/// <summary>
/// A raw TCP server on 127.0.0.1 (port 0) for HTTP client tests: every accepted connection runs the script, which
/// reads request heads and writes whatever bytes the test wants (well-formed or not), pauses, closes or resets.
/// It counts the connections it accepted and every byte it read and wrote. Disposing it stops the listener, closes
/// every accepted socket and waits for the scripts to end.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop;
    private readonly Func<ServerConnection, Task> _script;
    private readonly ConcurrentBag<Socket> _sockets = new();
    private readonly ConcurrentBag<Task> _connections = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly Task _acceptLoop;
    private int _accepted;
    private long _bytesRead, _bytesWritten;

    public ScriptedServer(Func<ServerConnection, Task> script, TimeSpan? lifetime = null)
    {
        _script = script;
        _stop = new CancellationTokenSource(lifetime ?? TimeSpan.FromSeconds(20));
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoop();
    }

    /// <summary>A script that answers every request of every connection with <paramref name="respond"/> (given the head and the request's index on its connection).</summary>
    public static ScriptedServer Answering(Func<string, int, string> respond) => new(async c =>
    {
        for (var i = 0; await c.ReadHeadAsync() is { } head; i++) await c.SendAsync(respond(head, i));
    });

    public int Port { get; }
    public int Accepted => Volatile.Read(ref _accepted);
    public long BytesRead => Interlocked.Read(ref _bytesRead);
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);
    public IReadOnlyCollection<string> Requests => _requests;
    public CancellationToken Stopping => _stop.Token;

    public Uri Url(string path = "/") => new($"http://127.0.0.1:{Port}{path}");

    private async Task AcceptLoop()
    {
        var index = 0;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                socket.NoDelay = true;
                _sockets.Add(socket);
                Interlocked.Increment(ref _accepted);
                var connection = new ServerConnection(this, socket, index++);
                _connections.Add(Task.Run(() => Run(connection)));
            }
        }
        catch (OperationCanceledException) { }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
    }

    private async Task Run(ServerConnection connection)
    {
        try
        {
            await _script(connection);
        }
        catch (OperationCanceledException) { }
        catch (IOException) { }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
        finally
        {
            connection.Socket.Dispose();
        }
    }

    internal void CountRead(int n) => Interlocked.Add(ref _bytesRead, n);
    internal void CountWritten(int n) => Interlocked.Add(ref _bytesWritten, n);
    internal void Record(string head) => _requests.Enqueue(head);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var s in _sockets) s.Dispose();
        try
        {
            await Task.WhenAll([_acceptLoop, .. _connections]).WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            _listener.Dispose();
            _stop.Dispose();
        }
    }
}

/// <summary>One accepted connection as a script sees it.</summary>
internal sealed class ServerConnection(ScriptedServer server, Socket socket, int index)
{
    private byte[] _pending = [];

    public Socket Socket { get; } = socket;
    /// <summary>0 for the server's first connection, 1 for the next...</summary>
    public int Index { get; } = index;
    public CancellationToken Stopping => server.Stopping;

    /// <summary>Reads one request head (through the blank line); null when the client closed the connection.</summary>
    public async Task<string?> ReadHeadAsync()
    {
        var buffer = new byte[4096];
        while (true)
        {
            var end = _pending.AsSpan().IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                var head = Encoding.Latin1.GetString(_pending, 0, end + 4);
                _pending = _pending[(end + 4)..];
                server.Record(head);
                return head;
            }
            int n;
            try
            {
                n = await Socket.ReceiveAsync(buffer, SocketFlags.None, Stopping);
            }
            catch (SocketException)
            {
                return null;
            }
            if (n == 0) return null;
            server.CountRead(n);
            _pending = [.. _pending, .. buffer.AsSpan(0, n)];
        }
    }

    /// <summary>Waits until the client closes the connection (or the server stops), reading and counting whatever comes.</summary>
    public async Task DrainAsync()
    {
        while (await ReadHeadAsync() is not null) { }
    }

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        // Counted first: the client may see the bytes (and the test read the count) before the send returns here.
        server.CountWritten(bytes.Length);
        var sent = 0;
        while (sent < bytes.Length) sent += await Socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, Stopping);
    }

    /// <summary>Sends the pieces one at a time with a pause between them, so each arrives in its own segment.</summary>
    public async Task SendPiecesAsync(int pauseMs, params string[] pieces)
    {
        for (var i = 0; i < pieces.Length; i++)
        {
            if (i > 0) await PauseAsync(pauseMs);
            await SendAsync(pieces[i]);
        }
    }

    public Task PauseAsync(int ms) => Task.Delay(ms, Stopping);

    /// <summary>Closes gracefully (FIN).</summary>
    public void Close()
    {
        try { Socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { }
        Socket.Close();
    }

    /// <summary>Closes abortively (RST).</summary>
    public void Reset()
    {
        Socket.LingerState = new LingerOption(true, 0);
        Socket.Close();
    }
}
