using System.Runtime.CompilerServices;
using System.Buffers;
using System.Net.Sockets;
using System.Security.Authentication;
using Rampa.Core.Time;

namespace Rampa.Core.Protocols.Http;

/// <summary>
/// One VU's HTTP/1.1 client: a keep-alive connection per origin (a VU sends one request at a time, so one is all
/// it needs, as in k6), a raw-socket request/response path with no per-request allocation beyond what the
/// response asks for, and exact phase timings:
/// <list type="bullet">
/// <item>blocked: getting a connection (DNS + connect + TLS for a new one, 0 for a reused one);</item>
/// <item>connecting and tls_handshaking: the TCP connect and the TLS handshake of a new connection;</item>
/// <item>sending: writing the request; waiting: from the end of sending to the response's first byte;</item>
/// <item>receiving: from the first byte to the end of the body.</item>
/// </list>
/// Never throws for a failing target: the outcome says what happened.
/// </summary>
public sealed class VuHttpClient : IHttpRequester
{
    private const int MaxHeadBytes = 64 * 1024;
    private const int MaxKeptRaw = 256 * 1024;

    private readonly TrafficCounter _traffic;
    private readonly DeadlineWatchdog _watchdog;
    private readonly DeadlineSlot _deadline;
    private readonly bool _insecureSkipTlsVerify;
    private readonly Dictionary<string, Http1Connection> _connections = new(StringComparer.Ordinal);
    private readonly Http1ResponseHead _head = new();
    private readonly Http1BodyReader _body = new();
    private byte[] _buffer = new byte[16 * 1024];
    /// <summary>Where <see cref="ResponseKeeping.Raw"/> gathers the head and body before one exact-size copy (reused).</summary>
    private ArrayBufferWriter<byte>? _raw;

    public VuHttpClient(TrafficCounter traffic, DeadlineWatchdog watchdog, CancellationToken interrupt, bool insecureSkipTlsVerify = false)
    {
        _traffic = traffic;
        _watchdog = watchdog;
        _deadline = watchdog.Register(interrupt);
        Interrupt = interrupt;
        _insecureSkipTlsVerify = insecureSkipTlsVerify;
    }

    public CancellationToken Interrupt { get; }

    /// <summary>The response headers of the last request, when it asked for them (checks and captures).</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? LastHeaders => _head.Headers;

    /// <summary>Sends; with <paramref name="keepResponse"/>, the headers (<see cref="LastHeaders"/>) and body are kept.</summary>
    public ValueTask<HttpOutcome> SendAsync(HttpTarget target, TimeSpan timeout, bool keepResponse) =>
        SendAsync(target, timeout, keepResponse ? ResponseKeeping.Parsed : ResponseKeeping.None);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // per request: reuse the state machine
    public async ValueTask<HttpOutcome> SendAsync(HttpTarget target, TimeSpan timeout, ResponseKeeping keep)
    {
        var keepResponse = keep == ResponseKeeping.Parsed;
        var outcome = new HttpOutcome();
        var token = _deadline.Arm(timeout);
        Http1Connection? connection = null;
        long firstByte = 0, sent = 0;
        try
        {
            var start = MonotonicClock.Now;
            if (_connections.Remove(target.Origin, out connection) && !connection.LooksAlive(start))
            {
                connection.Dispose();
                connection = null;
            }
            if (connection is null)
            {
                var (opened, dns, connect, tls) = await Http1Connection.OpenAsync(target, _traffic, _insecureSkipTlsVerify, token).ConfigureAwait(false);
                connection = opened;
                outcome.ConnectingTicks = connect;
                outcome.TlsTicks = tls;
                outcome.BlockedTicks = dns + connect + tls;
            }

            var sendStart = MonotonicClock.Now;
            await connection.Stream.WriteAsync(target.RequestBytes, token).ConfigureAwait(false);
            sent = MonotonicClock.Now;
            outcome.SendingTicks = sent - sendStart;
            outcome.Sent = true;

            // The head: read until the blank line; 1xx interim responses are skipped.
            var filled = 0;
            int headLength;
            while (true)
            {
                headLength = _head.TryParse(_buffer.AsSpan(0, filled), keepResponse, out var error);
                if (headLength < 0) return Fail(ref outcome, error!, ref connection, sent, firstByte);
                if (headLength > 0 && _head.Status is >= 100 and < 200 && _head.Status != 101)
                {
                    Buffer.BlockCopy(_buffer, headLength, _buffer, 0, filled - headLength);
                    filled -= headLength;
                    continue;
                }
                if (headLength > 0) break;
                if (filled == _buffer.Length)
                {
                    if (_buffer.Length >= MaxHeadBytes) return Fail(ref outcome, "response headers too large", ref connection, sent, firstByte);
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }
                var n = await connection.Stream.ReadAsync(_buffer.AsMemory(filled), token).ConfigureAwait(false);
                // Closed before any byte came back (typically a keep-alive connection the server had dropped), or mid-response
                // (an interim response or part of a head counts as having answered).
                if (n == 0) return Fail(ref outcome, firstByte == 0 ? "connection closed" : "incomplete response", ref connection, sent, firstByte);
                if (firstByte == 0) firstByte = MonotonicClock.Now;
                filled += n;
            }
            outcome.Status = _head.Status;

            // The body, framed as the head says.
            ArrayBufferWriter<byte>? kept = null;
            if (keepResponse) kept = new ArrayBufferWriter<byte>();
            else if (keep == ResponseKeeping.Raw)
            {
                kept = _raw ??= new ArrayBufferWriter<byte>(1024);
                kept.ResetWrittenCount();
                kept.Write(_buffer.AsSpan(0, headLength));
                outcome.HeadLength = headLength;
            }
            _body.Start(_head, target.IsHead, kept);
            var taken = _body.Consume(_buffer.AsSpan(headLength, filled - headLength));
            if (taken < 0) return Fail(ref outcome, "invalid response", ref connection, sent, firstByte);
            // Bytes not taken: while the body is incomplete, a partial chunk-size line, CRLF or trailer that the reader
            // must be given again with what follows (it bounds them well below the buffer's size); once it is complete,
            // bytes past the response.
            var leftover = filled - headLength - taken;
            Buffer.BlockCopy(_buffer, headLength + taken, _buffer, 0, leftover);
            var untilClose = _body.ReadsUntilClose;
            while (!_body.IsComplete)
            {
                var n = await connection.Stream.ReadAsync(_buffer.AsMemory(leftover), token).ConfigureAwait(false);
                if (n == 0)
                {
                    _body.EndOfStream();
                    if (!_body.IsComplete) return Fail(ref outcome, "incomplete response", ref connection, sent, firstByte);
                    break;
                }
                leftover += n;
                taken = _body.Consume(_buffer.AsSpan(0, leftover));
                if (taken < 0) return Fail(ref outcome, "invalid response", ref connection, sent, firstByte);
                leftover -= taken;
                Buffer.BlockCopy(_buffer, taken, _buffer, 0, leftover);
            }
            var done = MonotonicClock.Now;
            outcome.WaitingTicks = firstByte - sent;
            outcome.ReceivingTicks = done - firstByte;
            outcome.BodyLength = (int)Math.Min(_body.BodyBytes, int.MaxValue);
            outcome.Body = kept?.WrittenSpan.ToArray();
            if (kept is not null && kept == _raw && kept.Capacity > MaxKeptRaw) _raw = null; // a huge response's buffer is not kept for the next

            // Keep the connection for the next request unless the server said otherwise or sent more than a response.
            if (_head.KeepAlive && !untilClose && leftover == 0)
            {
                connection.IdleSince = done;
                _connections[target.Origin] = connection;
            }
            else connection.Dispose();
            connection = null;
            return outcome;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or AuthenticationException or ObjectDisposedException)
        {
            var reason = Interrupt.IsCancellationRequested ? "interrupted"
                : e is OperationCanceledException ? "request timeout"
                : HttpErrors.Describe(e);
            outcome.Interrupted = Interrupt.IsCancellationRequested;
            outcome.Exception = e;
            return Fail(ref outcome, reason, ref connection, sent, firstByte);
        }
        finally
        {
            _deadline.Disarm();
        }
    }

    /// <summary>A failed request: what it waited and received until it failed (when it was sent), no status, the reason.</summary>
    private static HttpOutcome Fail(ref HttpOutcome outcome, string error, ref Http1Connection? connection, long sent = 0, long firstByte = 0)
    {
        if (sent != 0)
        {
            var now = MonotonicClock.Now;
            outcome.WaitingTicks = (firstByte != 0 ? firstByte : now) - sent;
            if (firstByte != 0) outcome.ReceivingTicks = now - firstByte;
        }
        connection?.Dispose();
        connection = null;
        outcome.Status = 0;
        outcome.Error = error;
        return outcome;
    }

    public void Dispose()
    {
        foreach (var c in _connections.Values) c.Dispose();
        _connections.Clear();
        _watchdog.Unregister(_deadline);
    }
}
