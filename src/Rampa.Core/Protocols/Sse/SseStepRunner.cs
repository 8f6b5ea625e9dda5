using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Rampa.Core.Engine;
using Rampa.Core.Workloads.Http;
using Rampa.Sdk;

namespace Rampa.Core.Protocols.Sse;

/// <summary>
/// One VU's runner of an <c>sse</c> step: opens the stream on the VU's own <see cref="SseClient"/>, reads events until
/// the step's condition, count, the server's end or the timeout, records the stream, then its checks and captures.
/// </summary>
internal sealed class SseStepRunner : IStepRunner
{
    private readonly SseStep _step;
    private readonly VuContext _vu;
    private readonly StepRunnerContext _context;
    private readonly Shared _shared;
    private SseClient? _client;

    public SseStepRunner(SseStep step, StepRunnerContext context)
    {
        _step = step;
        _context = context;
        _vu = context.Vu;
        var tags = context.StepTags();
        _shared = context.Shared(() => new Shared(new SseSeries(context.Metrics, tags), step));
    }

    /// <summary>What the scenario's VUs share for this step: its series and its checks' series.</summary>
    private sealed class Shared(SseSeries series, SseStep step)
    {
        public SseSeries Series { get; } = series;
        public int[] Checks { get; } = [.. step.Checks.Select(c => series.Check(c.Name))];
        public int[] Captures { get; } = [.. step.Captures.Select(c => series.Check(c.CheckName))];
    }

    public async ValueTask<bool> RunAsync(IterationContext iteration, CancellationToken cancellation)
    {
        _client ??= new SseClient(_context.Traffic);
        var request = Request(iteration);
        await using var session = await SseSession.OpenAsync(_client, request, _step.Timeout, _shared.Series, cancellation).ConfigureAwait(false);
        var keep = _step.KeepsData;
        var all = keep ? new StringBuilder() : null;
        SseEvent? last = null;
        string? failure = null;
        // Events read here (the session may have received more in the same read, which this stream then leaves unread).
        var read = 0;
        while (session.Error is null && !session.Interrupted)
        {
            var e = await session.ReadAsync().ConfigureAwait(false);
            if (e is null)
            {
                if (session.Error is null && !session.Interrupted && (_step.Until is not null || _step.Events is not null))
                    failure = $"closed by the server after {session.EventCount.ToString(CultureInfo.InvariantCulture)} events, before {Expected()}";
                break;
            }
            last = e;
            read++;
            if (all is not null && all.Length < MaxKeptChars)
            {
                if (all.Length > 0) all.Append('\n');
                all.Append(e.Data);
            }
            if (_step.Until?.IsMetBy(e) == true || read >= (_step.Events ?? SseStepReader.MaxEvents)) break;
        }
        if (session.Interrupted || cancellation.IsCancellationRequested)
        {
            session.Finish();
            return true;
        }
        if (session.Error is { } error && (_step.Until is not null || _step.Events is not null))
            failure = $"{error}, before {Expected()}";
        session.Finish(failure);
        return Check(session, all, last) || !_step.AbortIterationOnFail;
    }

    /// <summary>What the stream waited for, for messages: <c>5 events</c>, <c>event type done</c>.</summary>
    private string Expected() => string.Join(" or ", new[]
    {
        _step.Events is { } n ? $"{n.ToString(CultureInfo.InvariantCulture)} events" : null,
        _step.Until?.Text,
    }.Where(s => s is not null));

    /// <summary>Keeps at most this much of the events' data for checks (a stream may be long).</summary>
    private const int MaxKeptChars = 4 * 1024 * 1024;

    /// <summary>Records the checks and captures; false when one failed or the stream did.</summary>
    private bool Check(SseSession session, StringBuilder? all, SseEvent? last)
    {
        var passed = session.Error is null;
        var checks = _step.Checks;
        var captures = _step.Captures;
        if (checks.Count == 0 && captures.Count == 0) return passed;
        var status = session.Status;
        using var allView = new ResponseView(status, session.Headers, all is null ? null : Encoding.UTF8.GetBytes(all.ToString()), all?.Length ?? 0);
        using var lastView = new ResponseView(status, session.Headers, last is null ? null : Encoding.UTF8.GetBytes(last.Data), last?.Data.Length ?? 0);
        var sink = _vu.Metrics;
        for (var i = 0; i < checks.Count; i++)
        {
            var pass = CheckEvaluator.Passes(checks[i], checks[i] is JsonCheck ? lastView : allView);
            passed &= pass;
            sink.Add(_shared.Checks[i], pass ? 1 : 0);
        }
        for (var i = 0; i < captures.Count; i++)
        {
            var capture = captures[i];
            var value = CheckEvaluator.Capture(capture, capture.Source == CaptureSource.Json ? lastView : allView);
            if (value is null) _vu.Variables.Remove(capture.Variable);
            else _vu.Variables[capture.Variable] = value;
            passed &= value is not null;
            sink.Add(_shared.Captures[i], value is null ? 0 : 1);
        }
        return passed;
    }

    private HttpRequestMessage Request(IterationContext iteration)
    {
        var request = new HttpRequestMessage(_step.Method == "POST" ? HttpMethod.Post : HttpMethod.Get, _step.Url.Render(iteration));
        var accept = false;
        foreach (var h in _step.Headers)
        {
            accept |= string.Equals(h.Name, "Accept", StringComparison.OrdinalIgnoreCase);
            var value = h.Value.Render(iteration);
            if (!request.Headers.TryAddWithoutValidation(h.Name, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(h.Name, value);
            }
        }
        if (!accept) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (_step.Body is { } body)
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.Render(iteration)));
            if (request.Content is { } headersOnly)
                foreach (var h in headersOnly.Headers) content.Headers.TryAddWithoutValidation(h.Key, h.Value);
            if (_step.ContentType is { } type) content.Headers.TryAddWithoutValidation("Content-Type", type);
            request.Content = content;
        }
        return request;
    }

    public void Dispose()
    {
        _client?.Dispose();
        _client = null;
    }
}
