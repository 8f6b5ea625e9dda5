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
    private VuHttpClient? _client;

    public override async Task<HttpResult> SendAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellation = worker.Cancellation;
        cancellation.ThrowIfCancellationRequested();
        var method = request.Method.ToUpperInvariant();
        var expected = request.ExpectedStatuses is { Count: > 0 } codes ? new StatusSet([.. codes.Select(c => (c, c))]) : defaults.ExpectedStatuses;
        var series = state.Request(method, request.Name ?? request.Url, worker.GroupPath, request.Tags, expected, request.ExpectedStatuses is { Count: > 0 });
        var target = request.Body is null && request.Headers is null
            ? state.Target(method, request.Url, () => Build(request, method))
            : Build(request, method);
        var timeout = request.Timeout ?? defaults.Timeout;
        var retry = request.Attempts > 1 ? new RetryPolicy { Attempts = request.Attempts } : null;
        for (var attempt = 1; ; attempt++)
        {
            var client = ClientFor(cancellation);
            var outcome = await client.SendAsync(target, timeout, keepResponse: true).ConfigureAwait(false);
            if (outcome.Interrupted)
            {
                if (outcome.Sent) state.Sink.Add((retry is null ? series.SeriesFor(0, outcome.Error) : series.SeriesFor(0, outcome.Error, attempt)).Reqs, 1);
                throw new OperationCanceledException(cancellation);
            }
            var ids = retry is null ? series.SeriesFor(outcome.Status, outcome.Error) : series.SeriesFor(outcome.Status, outcome.Error, attempt);
            Record(in ids, in outcome, target);
            if (retry is null || attempt >= retry.Attempts || !retry.ShouldRetry(outcome.Status, outcome.Error))
                return Result(in outcome, ids.Expected, client.LastHeaders);
            await Pause.ForAsync(retry.Delay(attempt, worker.Random), cancellation).ConfigureAwait(false);
        }
    }

    private HttpTarget Build(HttpRequest request, string method)
    {
        var uri = Resolve(request.Url);
        var (body, contentType) = BodyOf(request);
        return HttpTarget.Create(uri, method, Http1RequestWriter.ToArray(method, uri, Headers(request), body, contentType));
    }

    private void Record(in HttpSeriesIds ids, in HttpOutcome outcome, HttpTarget target)
    {
        var sink = state.Sink;
        if (!ids.Expected && sink.WantsMessage(ids.Failed)) sink.NoteMessage(ids.Failed, FailureMessage.Of(in outcome, target));
        Span<Sample> samples = stackalloc Sample[HttpSamples.Count];
        HttpSamples.Fill(samples, in ids, in outcome);
        sink.Add(samples);
    }

    private static HttpResult Result(in HttpOutcome outcome, bool expected, IReadOnlyList<KeyValuePair<string, string>>? headers)
    {
        var body = outcome.Body is null ? [] : outcome.Body.Length == outcome.BodyLength ? outcome.Body : outcome.Body.AsSpan(0, outcome.BodyLength).ToArray();
        var duration = MonotonicClock.ToTimeSpan(outcome.SendingTicks + outcome.WaitingTicks + outcome.ReceivingTicks);
        return new HttpResult(outcome.Status, outcome.Error, outcome.Status == 0 || headers is null ? [] : headers, body, duration, expected);
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

    /// <summary>The VU's own client, bound to the token that interrupts it (a new one if the VU is restarted).</summary>
    private VuHttpClient ClientFor(CancellationToken interrupt)
    {
        if (_client is not null && _client.Interrupt == interrupt) return _client;
        _client?.Dispose();
        return _client = new VuHttpClient(state.Services.TrafficFor(state.Scenario), state.Services.Deadlines, interrupt);
    }

    public void Dispose()
    {
        _client?.Dispose();
        _client = null;
    }
}
