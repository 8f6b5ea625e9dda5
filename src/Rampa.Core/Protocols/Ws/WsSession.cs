using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Text;
using System.Threading.Channels;
using Rampa.Core.Protocols.Http;
using Rampa.Core.Time;

namespace Rampa.Core.Protocols.Ws;

/// <summary>One message received: its bytes, whether it was binary, and when it arrived (monotonic ticks).</summary>
internal sealed record WsMessage(byte[] Data, bool Binary, long Arrived)
{
    public string Text => Encoding.UTF8.GetString(Data);
}

/// <summary>
/// One WebSocket session of one VU, as the YAML runner and the C# API drive it, recording the WebSocket metrics
/// (<see cref="WsMetrics"/>). A receive loop reads all the time: every message is counted when it arrives and queued for
/// the next receive (the queue keeps the newest <see cref="InboxCapacity"/>), and pongs are seen while nothing waits.
/// Failures are kept (<see cref="Error"/>), never thrown; the VU's interrupt ends every wait at once and leaves the
/// session unrecorded but for what was measured.
/// </summary>
internal sealed class WsSession : IAsyncDisposable
{
    public const int InboxCapacity = 4096;
    public const int MaxMessageBytes = 16 * 1024 * 1024;

    private readonly WsSeries _series;
    private readonly CancellationToken _interrupt;
    private readonly long _start;
    private readonly Channel<WsMessage> _inbox = Channel.CreateBounded<WsMessage>(
        new BoundedChannelOptions(InboxCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true });
    private WebSocket? _ws;
    private WsFrameStream? _stream;
    private Task _reader = Task.CompletedTask;
    private long _lastSend;
    private volatile bool _closeSent;
    private volatile string? _serverClosedFirst;
    private volatile string? _readError;
    private bool _ended;

    private WsSession(WsSeries series, CancellationToken interrupt)
    {
        _series = series;
        _interrupt = interrupt;
        _start = MonotonicClock.Now;
    }

    /// <summary>The handshake's status: 101, the HTTP status of a refused upgrade, or 0 when none came.</summary>
    public int Status { get; private set; }
    public string? Subprotocol { get; private set; }
    /// <summary>The first failure; null while the session has not failed.</summary>
    public string? Error { get; private set; }
    public bool Interrupted { get; private set; }
    public bool IsOpen => _ws is not null && Error is null && !_ended && !Interrupted;

    /// <summary>Connects; the session that returns has failed (<see cref="Error"/>) when the connect did.</summary>
    public static async Task<WsSession> ConnectAsync(Uri uri, IReadOnlyList<(string Name, string Value)> headers, IReadOnlyList<string> subprotocols,
        TimeSpan timeout, WsSeries series, TrafficCounter traffic, CancellationToken interrupt, string? place = null)
    {
        var session = new WsSession(series, interrupt) { Place = place };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
        cts.CancelAfter(timeout);
        try
        {
            var result = await WsHandshake.ConnectAsync(uri, headers, subprotocols, traffic, cts.Token).ConfigureAwait(false);
            session.Status = result.Status;
            if (result.Status != 0) series.Sink.Add(series.ForStatus(result.Status).Connecting, MonotonicClock.ToMicroseconds(MonotonicClock.Now - session._start));
            if (result.Stream is null)
            {
                session.Fail($"connect {uri}: {result.Error}");
                return session;
            }
            session._stream = result.Stream;
            session.Subprotocol = result.Subprotocol;
            session._ws = WebSocket.CreateFromStream(result.Stream, new WebSocketCreationOptions
            {
                IsServer = false,
                SubProtocol = result.Subprotocol,
                KeepAliveInterval = TimeSpan.Zero, // no pings or pongs of its own: ours are measured
            });
            session._reader = Task.Run(session.ReadLoopAsync, CancellationToken.None);
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            session.Interrupted = true;
        }
        catch (OperationCanceledException)
        {
            session.Fail($"connect {uri}: no answer within {Read(timeout)}");
        }
        catch (Exception e) when (e is SocketException or IOException or AuthenticationException)
        {
            session.Fail($"connect {uri}: {e.Message}");
        }
        return session;
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        MemoryStream? partial = null;
        try
        {
            while (true)
            {
                var r = await _ws!.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    if (!_closeSent) _serverClosedFirst = $"{(int?)_ws.CloseStatus} {_ws.CloseStatusDescription}".Trim();
                    return;
                }
                byte[] data;
                if (r.EndOfMessage && partial is null) data = buffer.AsSpan(0, r.Count).ToArray();
                else
                {
                    partial ??= new MemoryStream();
                    partial.Write(buffer, 0, r.Count);
                    if (partial.Length > MaxMessageBytes) throw new WebSocketException($"a message is larger than {MaxMessageBytes} bytes");
                    if (!r.EndOfMessage) continue;
                    data = partial.ToArray();
                    partial = null;
                }
                _series.Sink.Add(_series.MessagesReceived, 1);
                _inbox.Writer.TryWrite(new WsMessage(data, r.MessageType == WebSocketMessageType.Binary, MonotonicClock.Now));
            }
        }
        catch (Exception e)
        {
            // The connection broke (or was aborted by us): the reason is kept for the next wait, never thrown.
            _readError = e is WebSocketException w && w.InnerException is { } inner ? $"{w.Message} ({inner.Message})" : e.Message;
        }
        finally
        {
            _inbox.Writer.TryComplete();
        }
    }

    public async Task<bool> SendAsync(ReadOnlyMemory<byte> data, bool binary)
    {
        if (!CanAct("send")) return false;
        try
        {
            // The reply time runs from the send's start: the reply may arrive before the send's await returns.
            var start = MonotonicClock.Now;
            await _ws!.SendAsync(data, binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, true, _interrupt).ConfigureAwait(false);
            _lastSend = start;
            _series.Sink.Add(_series.MessagesSent, 1);
            return true;
        }
        catch (OperationCanceledException) when (_interrupt.IsCancellationRequested)
        {
            Interrupted = true;
            return false;
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            Fail($"send: {Closed() ?? e.Message}");
            return false;
        }
    }

    /// <summary>
    /// The next message (<paramref name="match"/> null), or the first that matches (the others are skipped); null when
    /// none came within the timeout or the session ended (then the session has failed, or was interrupted).
    /// </summary>
    public async Task<WsMessage?> ReceiveAsync(TimeSpan timeout, Func<WsMessage, bool>? match = null)
    {
        if (_ws is null || Error is not null || Interrupted) return null;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_interrupt);
        cts.CancelAfter(timeout);
        try
        {
            while (await _inbox.Reader.WaitToReadAsync(cts.Token).ConfigureAwait(false))
            {
                if (!_inbox.Reader.TryRead(out var message)) continue;
                if (match is not null && !match(message)) continue;
                if (_lastSend != 0 && message.Arrived >= _lastSend)
                    _series.Sink.Add(_series.Reply, MonotonicClock.ToMicroseconds(message.Arrived - _lastSend));
                _lastSend = 0;
                return message;
            }
            Fail(match is null ? $"receive: {Closed()}" : $"expect: {Closed()} before a matching message came");
        }
        catch (OperationCanceledException) when (_interrupt.IsCancellationRequested)
        {
            Interrupted = true;
        }
        catch (OperationCanceledException)
        {
            Fail(match is null ? $"receive: no message within {Read(timeout)}" : $"expect: no matching message within {Read(timeout)}");
        }
        return null;
    }

    /// <summary>Sends a ping and waits for its pong; null when none came (the session has failed, or was interrupted).</summary>
    public async Task<TimeSpan?> PingAsync(TimeSpan timeout)
    {
        if (!CanAct("ping")) return null;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_interrupt);
        cts.CancelAfter(timeout);
        try
        {
            var sent = MonotonicClock.Now;
            var pong = await _stream!.SendPingAsync(cts.Token).ConfigureAwait(false);
            var ended = _reader;
            var first = await Task.WhenAny(pong, ended).WaitAsync(cts.Token).ConfigureAwait(false);
            if (first != pong)
            {
                Fail($"ping: {Closed()} before the pong came");
                return null;
            }
            var ticks = pong.Result - sent;
            _series.Sink.Add(_series.Ping, MonotonicClock.ToMicroseconds(ticks));
            return MonotonicClock.ToTimeSpan(ticks);
        }
        catch (OperationCanceledException) when (_interrupt.IsCancellationRequested)
        {
            Interrupted = true;
        }
        catch (OperationCanceledException)
        {
            Fail($"ping: no pong within {Read(timeout)}");
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            Fail($"ping: {e.Message}");
        }
        return null;
    }

    /// <summary>
    /// Closes (the close handshake, waiting up to <paramref name="timeout"/> for the server's close) and records the
    /// session. A server that closed first has failed the session: the session was cut short.
    /// </summary>
    public async Task CloseAsync(TimeSpan timeout, int code = 1000, string reason = "")
    {
        if (_ended) return;
        if (IsOpen)
        {
            _closeSent = true;
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(_interrupt);
            cts.CancelAfter(timeout);
            try
            {
                if (_serverClosedFirst is { } early) Fail($"the server closed the session first ({early})");
                else if (_readError is { } broken) Fail($"the connection broke: {broken}");
                if (_ws!.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    await _ws.CloseOutputAsync((WebSocketCloseStatus)code, reason, cts.Token).ConfigureAwait(false);
                await _reader.WaitAsync(cts.Token).ConfigureAwait(false);
                if (_serverClosedFirst is { } early2) Fail($"the server closed the session first ({early2})");
                else if (_readError is { } broken) Fail($"close: the connection broke before the server's close came: {broken}");
            }
            catch (OperationCanceledException) when (_interrupt.IsCancellationRequested)
            {
                Interrupted = true;
            }
            catch (OperationCanceledException)
            {
                Fail($"close: no close from the server within {Read(timeout)}");
            }
            catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
            {
                Fail($"close: {e.Message}");
            }
        }
        End();
    }

    /// <summary>Where a failure is reported: the action's place, prefixed to the message (set by the YAML runner).</summary>
    public string? Place { get; set; }

    private void Fail(string error)
    {
        if (Error is not null || Interrupted) return;
        Error = Place is null ? error : $"{Place}: {error}";
    }

    private bool CanAct(string action)
    {
        if (_ws is null || Error is not null || Interrupted) return false;
        if (_ended) { Fail($"{action}: the session is closed"); return false; }
        if (_serverClosedFirst is { } early) { Fail($"{action}: the server closed the session first ({early})"); return false; }
        if (_readError is { } broken) { Fail($"{action}: the connection broke: {broken}"); return false; }
        return true;
    }

    /// <summary>Why the session can read no more.</summary>
    private string? Closed() =>
        _serverClosedFirst is { } early ? $"the server closed the session ({early})"
        : _readError is { } broken ? $"the connection broke: {broken}"
        : _reader.IsCompleted ? "the session is closed" : null;

    /// <summary>Records the session (once): counted, timed, failed or not; an interrupted one only counts if it was open.</summary>
    private void End()
    {
        if (_ended) return;
        _ended = true;
        _ws?.Abort();
        _ws?.Dispose();
        _stream?.Dispose();
        var ids = _series.ForStatus(Status);
        var sink = _series.Sink;
        if (Interrupted)
        {
            if (_ws is not null) sink.Add(ids.Sessions, 1);
            return;
        }
        sink.Add(ids.Sessions, 1);
        sink.Add(ids.Duration, MonotonicClock.ToMicroseconds(MonotonicClock.Now - _start));
        sink.Add(ids.Failed, Error is null ? 0 : 1);
        if (Error is not null && sink.WantsMessage(ids.Failed)) sink.NoteMessage(ids.Failed, Error);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_ended)
        {
            // Not closed by its owner: ended now, without a close handshake.
            End();
        }
        await _reader.ConfigureAwait(false);
    }

    private static string Read(TimeSpan t) => t.TotalSeconds >= 1 && t.TotalSeconds == Math.Floor(t.TotalSeconds)
        ? $"{t.TotalSeconds:0}s" : $"{t.TotalMilliseconds:0.###}ms";
}
