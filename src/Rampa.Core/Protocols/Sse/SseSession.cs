using System.Globalization;
using Rampa.Core.Time;
using Rampa.Sdk;

namespace Rampa.Core.Protocols.Sse;

/// <summary>
/// One stream being read: opens it, hands out its events one by one while recording each as it arrives
/// (<c>sse_events</c>, <c>sse_time_to_first_event</c>, <c>sse_event_interval</c>), and records the stream once when it
/// ends (<see cref="Finish"/>: <c>sse_streams</c>, <c>sse_stream_duration</c>, <c>sse_events_per_stream</c>,
/// <c>sse_stream_failed</c>). Its timeout bounds the whole stream, from the request's start. Never throws for a failing
/// target: <see cref="Error"/> says what went wrong; <see cref="Interrupted"/> says the VU was stopped (the run's end),
/// and then only what was measured is recorded.
/// </summary>
internal sealed class SseSession : IAsyncDisposable
{
    private const int BufferBytes = 8 * 1024;

    private readonly SseSeries _series;
    private readonly string _what;
    private readonly TimeSpan _timeout;
    private readonly CancellationToken _interrupt;
    private readonly CancellationTokenSource _cts;
    private readonly SseParser _parser = new();
    private readonly List<SseEvent> _pending = [];
    private readonly long _start;
    private int _next;
    private HttpResponseMessage? _response;
    private Stream? _body;
    private byte[]? _buffer;
    private long _lastEvent;
    private bool _ended, _finished, _sent;

    private SseSession(SseSeries series, string what, TimeSpan timeout, CancellationToken interrupt)
    {
        _series = series;
        _what = what;
        _timeout = timeout;
        _interrupt = interrupt;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
        _cts.CancelAfter(timeout);
        _start = MonotonicClock.Now;
    }

    /// <summary>The response's status; 0 when none came.</summary>
    public int Status { get; private set; }
    /// <summary>The response's headers (the content's too); empty when none came.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; private set; } = [];
    /// <summary>Why the stream failed (an HTTP error, a status outside 2xx, a timeout, a lost connection); null while it has not.</summary>
    public string? Error { get; private set; }
    /// <summary>The VU was interrupted while the stream was open: nothing more is recorded for it.</summary>
    public bool Interrupted { get; private set; }
    /// <summary>The server ended the stream (its body ended).</summary>
    public bool ClosedByServer { get; private set; }
    /// <summary>The stream timed out (before its response, or while waiting for an event).</summary>
    public bool TimedOut { get; private set; }
    public int EventCount { get; private set; }
    public TimeSpan Elapsed => MonotonicClock.Elapsed(_start);

    /// <summary>Opens a stream: sends <paramref name="request"/> (disposed with the session) and waits for its response's head.</summary>
    public static async Task<SseSession> OpenAsync(SseClient client, HttpRequestMessage request, TimeSpan timeout, SseSeries series,
        CancellationToken interrupt)
    {
        var session = new SseSession(series, $"{request.Method} {request.RequestUri}", timeout, interrupt);
        try
        {
            session._sent = true;
            var response = await client.SendAsync(request, session._cts.Token).ConfigureAwait(false);
            session._response = response;
            session.Status = (int)response.StatusCode;
            session.Headers = [.. response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v)))];
            if (session.Status is < 200 or > 299)
            {
                session.Error = $"status {session.Status.ToString(CultureInfo.InvariantCulture)}";
                session._ended = true;
                return session;
            }
            session._body = await response.Content.ReadAsStreamAsync(session._cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) // any failure of the transport is the stream's failure, never the VU's
        {
            session.Fail(e, "before the response");
        }
        finally
        {
            request.Dispose();
        }
        return session;
    }

    /// <summary>The next event; null when the stream ended (closed by the server, failed, timed out or interrupted).</summary>
    public async ValueTask<SseEvent?> ReadAsync()
    {
        while (true)
        {
            if (_next < _pending.Count)
            {
                var e = _pending[_next++];
                return e;
            }
            _pending.Clear();
            _next = 0;
            if (_ended || _body is null) return null;
            int n;
            try
            {
                _buffer ??= new byte[BufferBytes];
                n = await _body.ReadAsync(_buffer, _cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) // any failure of the transport is the stream's failure, never the VU's
            {
                Fail(e, $"after {EventCount.ToString(CultureInfo.InvariantCulture)} events");
                return null;
            }
            if (n == 0)
            {
                ClosedByServer = true;
                _ended = true;
                return null;
            }
            if (!_parser.Feed(_buffer.AsSpan(0, n), _pending))
            {
                Error = $"a line longer than {SseParser.MaxLineBytes / 1024} KiB after {EventCount.ToString(CultureInfo.InvariantCulture)} events: not an event stream";
                _ended = true;
            }
            if (_pending.Count > 0) Arrived(_pending.Count);
        }
    }

    /// <summary>Records events that arrived together (one read): each counts; they share the read's time.</summary>
    private void Arrived(int count)
    {
        var now = MonotonicClock.Now;
        var sink = _series.Sink;
        sink.Add(_series.Events, count);
        for (var i = 0; i < count; i++)
        {
            if (EventCount++ == 0) sink.Add(_series.TimeToFirstEvent, MonotonicClock.ToMicroseconds(now - _start));
            else sink.Add(_series.EventInterval, MonotonicClock.ToMicroseconds(now - _lastEvent));
            _lastEvent = now;
        }
    }

    private void Fail(Exception e, string when)
    {
        _ended = true;
        if (_interrupt.IsCancellationRequested)
        {
            Interrupted = true;
            return;
        }
        if (e is OperationCanceledException)
        {
            TimedOut = true;
            Error = $"timed out after {DurationFormat.Format(_timeout)} {when}";
            return;
        }
        var inner = e;
        while (inner.InnerException is not null && inner is HttpRequestException or IOException) inner = inner.InnerException;
        Error = $"{inner.Message} ({when})";
    }

    /// <summary>
    /// Records the stream's end, once: <paramref name="failure"/> (else <see cref="Error"/>) fails it. An interrupted
    /// stream counts in <c>sse_streams</c> (the target saw it) with no duration or verdict.
    /// </summary>
    public void Finish(string? failure = null)
    {
        if (_finished) return;
        _finished = true;
        var sink = _series.Sink;
        if (!_sent) return;
        sink.Add(_series.Streams(Status), 1);
        if (Interrupted || _interrupt.IsCancellationRequested) return;
        failure ??= Error;
        Error = failure;
        sink.Add(_series.StreamDuration, MonotonicClock.ToMicroseconds(MonotonicClock.Now - _start));
        sink.Add(_series.EventsPerStream, EventCount);
        sink.Add(_series.Failed, failure is null ? 0 : 1);
        if (failure is not null && sink.WantsMessage(_series.Failed)) sink.NoteMessage(_series.Failed, $"sse {_what}: {failure}");
    }

    public ValueTask DisposeAsync()
    {
        Finish();
        // Closing mid-stream aborts the connection (it cannot be reused); a stream the server ended leaves it pooled.
        _body?.Dispose();
        _response?.Dispose();
        _cts.Dispose();
        return ValueTask.CompletedTask;
    }
}
