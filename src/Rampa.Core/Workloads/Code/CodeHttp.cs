using System.Text;
using System.Text.Json;
using Rampa.Core.Engine;
using Rampa.Core.Failures;
using Rampa.Core.Metrics;
using Rampa.Core.Protocols.Http;
using Rampa.Core.Scenarios;
using Rampa.Core.Time;
using Rampa.Sdk;

namespace Rampa.Core.Workloads.Code;

/// <summary>
/// A code VU's <see cref="WorkerHttp"/>: the YAML path's engine (<see cref="VuHttpClient"/>, one keep-alive connection
/// per origin, phase timings) and its series (<see cref="PreparedRequest"/> per method, name, group and tags), so a
/// request in C# records exactly what the same request in YAML does.
/// </summary>
internal sealed class CodeHttp(CodeWorker worker, CodeScenarioState state, CodeRequestDefaults defaults) : WorkerHttp, IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private VuRequesters? _requesters;

    // The last plain request (no tags, headers, body or own statuses) and what it resolved to: a scenario that sends the
    // same request each iteration skips the lookups (strings from the code's literals compare by reference first).
    private string? _lastMethod, _lastUrl, _lastName, _lastGroup;
    private RequestSeries? _lastSeries;
    private HttpTarget? _lastTarget;

    public override async Task<HttpResult> SendAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellation = worker.Cancellation;
        cancellation.ThrowIfCancellationRequested();
        var (series, target) = Prepare(request);
        var timeout = request.Timeout ?? defaults.Timeout;
        var retry = request.Attempts > 1 ? new RetryPolicy { Attempts = request.Attempts } : null;
        for (var attempt = 1; ; attempt++)
        {
            var requesters = _requesters ??= new VuRequesters(state.Services, state.Scenario);
            var outcome = target.Parts is null
                ? await requesters.Http1(cancellation).SendAsync(target, timeout, ResponseKeeping.Raw).ConfigureAwait(false)
                : await requesters.For(true, defaults.Connections, cancellation).SendAsync(target, timeout, ResponseKeeping.Raw).ConfigureAwait(false);
            var http2 = outcome.Http2;
            if (outcome.Interrupted)
            {
                if (outcome.Sent) state.Sink.Add((retry is null ? series.SeriesFor(0, outcome.Error, http2) : series.SeriesFor(0, outcome.Error, attempt, http2)).Reqs, 1);
                throw new OperationCanceledException(cancellation);
            }
            var ids = retry is null ? series.SeriesFor(outcome.Status, outcome.Error, http2) : series.SeriesFor(outcome.Status, outcome.Error, attempt, http2);
            Record(in ids, in outcome, target);
            if (retry is null || attempt >= retry.Attempts || !retry.ShouldRetry(outcome.Status, outcome.Error))
                return Result(in outcome, ids.Expected);
            await Pause.ForAsync(retry.Delay(attempt, worker.Random), cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>The request's series and its bytes: the last plain request's again, else looked up (and built once per method and URL).</summary>
    private (RequestSeries Series, HttpTarget Target) Prepare(HttpRequest request)
    {
        var plain = request.Body is null && request.Headers is null && request.Tags is null && request.ExpectedStatuses is null && request.Version is null;
        var group = worker.GroupPath;
        if (plain && _lastSeries is not null && _lastTarget is not null && Same(request.Method, _lastMethod) && Same(request.Url, _lastUrl)
            && Same(request.Name, _lastName) && Same(group, _lastGroup))
            return (_lastSeries, _lastTarget);
        var method = request.Method.ToUpperInvariant();
        var expected = request.ExpectedStatuses is { Count: > 0 } codes ? new StatusSet([.. codes.Select(c => (c, c))]) : defaults.ExpectedStatuses;
        var series = state.Request(method, request.Name ?? request.Url, group, request.Tags, expected, request.ExpectedStatuses is { Count: > 0 });
        HttpTarget target;
        if (request.Body is null && request.Headers is null && request.Version is null)
        {
            if (!state.TryGetTarget(method, request.Url, out target!)) target = state.AddTarget(method, request.Url, Build(request, method));
        }
        else target = Build(request, method);
        if (plain) (_lastMethod, _lastUrl, _lastName, _lastGroup, _lastSeries, _lastTarget) = (request.Method, request.Url, request.Name, group, series, target);
        return (series, target);
    }

    private static bool Same(string? a, string? b) => ReferenceEquals(a, b) || string.Equals(a, b, StringComparison.Ordinal);

    private HttpTarget Build(HttpRequest request, string method)
    {
        var uri = Resolve(request.Url);
        var (body, contentType) = BodyOf(request);
        var https = uri.Scheme == Uri.UriSchemeHttps;
        var version = request.Version switch
        {
            null => defaults.Http,
            { Major: 1 } => HttpVersionChoice.Http11,
            { Major: 2 } => https ? HttpVersionChoice.Http2 : HttpVersionChoice.H2c,
            var v => throw new ArgumentException($"HTTP version {v} is not supported: use HttpVersion.Version11 or HttpVersion.Version20", nameof(request)),
        };
        // auto on plain http is HTTP/1.1 (no ALPN there): the fast client.
        var http2 = version is HttpVersionChoice.Http2 or HttpVersionChoice.H2c || (version == HttpVersionChoice.Auto && https);
        return http2
            ? HttpTarget.CreateHttp2(uri, method, Headers(request), body, contentType, version)
            : HttpTarget.Create(uri, method, Http1RequestWriter.ToArray(method, uri, Headers(request), body, contentType));
    }

    private void Record(in HttpSeriesIds ids, in HttpOutcome outcome, HttpTarget target)
    {
        var sink = state.Sink;
        if (!ids.Expected && sink.WantsMessage(ids.Failed)) sink.NoteMessage(ids.Failed, FailureMessage.Of(in outcome, target));
        Span<Sample> samples = stackalloc Sample[HttpSamples.Count];
        HttpSamples.Fill(samples, in ids, in outcome);
        sink.Add(samples);
    }

    /// <summary>The result over the response's bytes as received (head, then body): parsed only if the code reads it.</summary>
    private static HttpResult Result(in HttpOutcome outcome, bool expected)
    {
        var duration = MonotonicClock.ToTimeSpan(outcome.SendingTicks + outcome.WaitingTicks + outcome.ReceivingTicks);
        if (outcome.Status == 0 || outcome.Body is null) return HttpResult.FromResponseBytes(outcome.Status, outcome.Error, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, duration, expected);
        var raw = outcome.Body;
        return HttpResult.FromResponseBytes(outcome.Status, outcome.Error, raw.AsMemory(0, outcome.HeadLength), raw.AsMemory(outcome.HeadLength, outcome.BodyLength), duration, expected);
    }

    private Uri Resolve(string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https") return absolute;
        if (defaults.BaseUrl is null)
            throw new InvalidOperationException($"'{url}' is a relative URL and the run has no base URL: set [assembly: RampaOptions(BaseUrl = ...)], baseUrl in the YAML file, or --base-url");
        return new Uri(defaults.BaseUrl + (url.StartsWith('/') ? url : "/" + url));
    }

    private static (byte[]? Body, string? ContentType) BodyOf(HttpRequest request) => request.Body switch
    {
        null => (null, null),
        string text => (Encoding.UTF8.GetBytes(text), request.ContentType),
        byte[] bytes => (bytes, request.ContentType),
        var value => (JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), Json), request.ContentType ?? "application/json"),
    };

    private List<(string Name, string Value)> Headers(HttpRequest request)
    {
        var headers = new List<(string Name, string Value)>(defaults.Headers);
        if (request.Headers is null) return headers;
        foreach (var (name, value) in request.Headers)
        {
            headers.RemoveAll(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));
            headers.Add((name, value));
        }
        return headers;
    }

    public void Dispose()
    {
        _requesters?.Dispose();
        _requesters = null;
    }
}
