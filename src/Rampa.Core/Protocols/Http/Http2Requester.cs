using System.Buffers;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Rampa.Core.Time;

namespace Rampa.Core.Protocols.Http;

/// <summary>
/// One VU's HTTP/2 requester (<c>http: 2</c>, <c>h2c</c> or <c>auto</c> on https) over an <see cref="Http2Transport"/>,
/// its own or the scenario's shared one. Phase timings as for HTTP/1.1: blocked, connecting and tls_handshaking from
/// the connection the request opened (0 on a reused one); sending until the transport's last write before the
/// response head; waiting until the head; receiving until the end of the body. On a shared transport several VUs
/// write on the same connection, so the sending/waiting split is approximate there (their sum is exact).
/// Never throws for a failing target: the outcome says what happened.
/// </summary>
public sealed class Http2Requester : IHttpRequester
{
    private const int MaxKeptRaw = 256 * 1024;

    private readonly Http2Transport _transport;
    private readonly bool _ownsTransport;
    private readonly DeadlineWatchdog _watchdog;
    private readonly DeadlineSlot _deadline;
    private readonly byte[] _buffer = new byte[16 * 1024];
    /// <summary>Reused on a VU's own transport (one request in flight); one per request on a shared one.</summary>
    private readonly ConnectTimings _timings = new();
    private ArrayBufferWriter<byte>? _raw;
    private List<KeyValuePair<string, string>>? _lastHeaders;

    public Http2Requester(Http2Transport transport, bool ownsTransport, DeadlineWatchdog watchdog, CancellationToken interrupt)
    {
        _transport = transport;
        _ownsTransport = ownsTransport;
        _watchdog = watchdog;
        _deadline = watchdog.Register(interrupt);
        Interrupt = interrupt;
    }

    public CancellationToken Interrupt { get; }

    public IReadOnlyList<KeyValuePair<string, string>>? LastHeaders => _lastHeaders;

    public async ValueTask<HttpOutcome> SendAsync(HttpTarget target, TimeSpan timeout, ResponseKeeping keep)
    {
        var parts = target.Parts ?? throw new InvalidOperationException("an HTTP/2 request needs its parts (HttpTarget.CreateHttp2)");
        // Until a response says otherwise: HTTP/2 when asked for, or when ALPN may choose it (auto on https).
        var outcome = new HttpOutcome { Http2 = parts.Version != HttpVersionChoice.Auto || target.Tls };
        _lastHeaders = null;
        var token = _deadline.Arm(timeout);
        ConnectTimings timings;
        if (_transport.Shared) timings = new ConnectTimings();
        else
        {
            timings = _timings;
            timings.Reset();
            _transport.Current = timings;
        }
        var start = MonotonicClock.Now;
        long headersAt = 0, sent = 0;
        HttpResponseMessage? response = null;
        try
        {
            using var request = Build(parts, _transport.Shared ? timings : null);
            response = await _transport.Invoker.SendAsync(request, token).ConfigureAwait(false);
            headersAt = MonotonicClock.Now;
            outcome.Sent = true;
            outcome.Http2 = response.Version.Major == 2;
            sent = SentAt(timings, start, headersAt, ref outcome);
            outcome.WaitingTicks = headersAt - sent;
            outcome.Status = (int)response.StatusCode;

            ArrayBufferWriter<byte>? kept = null;
            if (keep == ResponseKeeping.Parsed)
            {
                kept = new ArrayBufferWriter<byte>();
                _lastHeaders = HeadersOf(response);
            }
            else if (keep == ResponseKeeping.Raw)
            {
                kept = _raw ??= new ArrayBufferWriter<byte>(1024);
                kept.ResetWrittenCount();
                outcome.HeadLength = WriteHead(kept, response);
            }
            long bodyBytes = 0;
            var body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            while (true)
            {
                var n = await body.ReadAsync(_buffer, token).ConfigureAwait(false);
                if (n == 0) break;
                bodyBytes += n;
                kept?.Write(_buffer.AsSpan(0, n));
            }
            outcome.ReceivingTicks = MonotonicClock.Now - headersAt;
            outcome.BodyLength = (int)Math.Min(bodyBytes, int.MaxValue);
            outcome.Body = kept?.WrittenSpan.ToArray();
            if (kept is not null && kept == _raw && kept.Capacity > MaxKeptRaw) _raw = null;
            return outcome;
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException or SocketException
                                      or AuthenticationException or ObjectDisposedException)
        {
            var now = MonotonicClock.Now;
            outcome.Interrupted = Interrupt.IsCancellationRequested;
            outcome.Error = outcome.Interrupted ? "interrupted"
                : token.IsCancellationRequested ? "request timeout"
                : HttpErrors.Describe(e);
            outcome.Exception = e;
            if (headersAt != 0) outcome.ReceivingTicks = now - headersAt; // failed in the body
            else if (timings.Opened || _transport.LastWriteTicks > start)
            {
                // Failed after the request could have been written: it waited until now (as the HTTP/1.1 client counts it).
                outcome.Sent = _transport.LastWriteTicks > (timings.Opened ? timings.ReadyAt : start);
                if (outcome.Sent)
                {
                    sent = SentAt(timings, start, now, ref outcome);
                    outcome.WaitingTicks = now - sent;
                }
            }
            outcome.Status = 0;
            outcome.Body = null;
            _lastHeaders = null;
            return outcome;
        }
        finally
        {
            response?.Dispose();
            _deadline.Disarm();
        }
    }

    /// <summary>Fills the connection phases and sending; returns when sending ended (the last write before <paramref name="until"/>).</summary>
    private long SentAt(ConnectTimings timings, long start, long until, ref HttpOutcome outcome)
    {
        var ready = start;
        if (timings.Opened)
        {
            outcome.ConnectingTicks = timings.ConnectTicks;
            outcome.TlsTicks = timings.TlsTicks;
            outcome.BlockedTicks = timings.DnsTicks + timings.ConnectTicks + timings.TlsTicks;
            ready = Math.Max(start, timings.ReadyAt);
        }
        var lastWrite = _transport.LastWriteTicks;
        var sent = lastWrite > ready && lastWrite <= until ? lastWrite : ready;
        outcome.SendingTicks = sent - ready;
        return sent;
    }

    private static HttpRequestMessage Build(HttpRequestParts parts, ConnectTimings? timings)
    {
        var request = new HttpRequestMessage(parts.Method, parts.Uri)
        {
            Version = HttpVersion.Version20,
            // 2 and h2c insist on HTTP/2 (h2c on http:// is prior knowledge); auto lets ALPN decide.
            VersionPolicy = parts.Version == HttpVersionChoice.Auto ? HttpVersionPolicy.RequestVersionOrLower : HttpVersionPolicy.RequestVersionExact,
        };
        if (parts.Body is { } body)
        {
            request.Content = new ByteArrayContent(body);
            if (parts.ContentType is { } type) request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        }
        var userAgent = false;
        foreach (var (name, value) in parts.Headers)
        {
            userAgent |= string.Equals(name, "User-Agent", StringComparison.OrdinalIgnoreCase);
            if (request.Headers.TryAddWithoutValidation(name, value)) continue;
            // A content header (Content-Type, Content-Language...): on the body, when there is one.
            request.Content?.Headers.Remove(name);
            request.Content?.Headers.TryAddWithoutValidation(name, value);
        }
        if (!userAgent) request.Headers.TryAddWithoutValidation("User-Agent", Http1RequestWriter.UserAgent);
        if (timings is not null) request.Options.Set(Http2Transport.TimingsKey, timings);
        return request;
    }

    private static List<KeyValuePair<string, string>> HeadersOf(HttpResponseMessage response)
    {
        var headers = new List<KeyValuePair<string, string>>();
        Add(response.Headers);
        Add(response.Content.Headers);
        return headers;

        void Add(HttpHeaders from)
        {
            foreach (var (name, values) in from.NonValidated)
                foreach (var value in values)
                    headers.Add(new(name, value));
        }
    }

    /// <summary>
    /// The head as HTTP/1.1 text (<c>HTTP/2 200</c>, then <c>name: value</c> lines, then a blank line): the form
    /// <see cref="ResponseKeeping.Raw"/> readers parse, whatever the protocol. Returns its length.
    /// </summary>
    private static int WriteHead(ArrayBufferWriter<byte> output, HttpResponseMessage response)
    {
        var text = new StringBuilder(256);
        text.Append("HTTP/").Append(response.Version.Major).Append(' ').Append((int)response.StatusCode).Append("\r\n");
        foreach (var (name, value) in HeadersOf(response)) text.Append(name).Append(": ").Append(value).Append("\r\n");
        text.Append("\r\n");
        var bytes = Encoding.Latin1.GetBytes(text.ToString());
        output.Write(bytes);
        return bytes.Length;
    }

    public void Dispose()
    {
        _watchdog.Unregister(_deadline);
        if (_ownsTransport) _transport.Dispose();
    }
}
