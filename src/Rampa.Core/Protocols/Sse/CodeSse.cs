using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Rampa.Core.Engine;
using Rampa.Core.Scenarios;
using Rampa.Core.Workloads.Code;
using Rampa.Sdk;

namespace Rampa.Core.Protocols.Sse;

/// <summary>
/// A code VU's <see cref="WorkerSse"/>: the YAML step's transport (<see cref="SseClient"/>, one per VU) and session, so a
/// stream in C# records what the same stream in YAML does; series are shared by the scenario's VUs per name, group and tags.
/// </summary>
internal sealed class CodeSse(CodeWorker worker, CodeScenarioState state, CodeRequestDefaults defaults) : WorkerSse, IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private SseClient? _client;

    public override async Task<SseStream> OpenAsync(SseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellation = worker.Cancellation;
        cancellation.ThrowIfCancellationRequested();
        var method = request.Method.ToUpperInvariant() switch
        {
            "GET" => HttpMethod.Get,
            "POST" => HttpMethod.Post,
            _ => throw new ArgumentException($"an sse stream is opened with GET or POST, got '{request.Method}'", nameof(request)),
        };
        var message = new HttpRequestMessage(method, Resolve(request.Url));
        foreach (var (name, value) in Headers(request))
            if (!message.Headers.TryAddWithoutValidation(name, value)) Content(message).Headers.TryAddWithoutValidation(name, value);
        if (!message.Headers.Contains("Accept")) message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (request.Body is { } body)
        {
            var (bytes, type) = body switch
            {
                string text => (Encoding.UTF8.GetBytes(text), request.ContentType ?? "text/plain"),
                byte[] raw => (raw, request.ContentType),
                _ => (JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), Json), request.ContentType ?? "application/json"),
            };
            var content = new ByteArrayContent(bytes);
            if (message.Content is { } headersOnly)
                foreach (var h in headersOnly.Headers) content.Headers.TryAddWithoutValidation(h.Key, h.Value);
            if (type is not null && !content.Headers.Contains("Content-Type")) content.Headers.TryAddWithoutValidation("Content-Type", type);
            message.Content = content;
        }
        var series = state.Services.WorkloadState(state.Scenario, () => new SeriesCache(state))
            .For(request.Name ?? request.Url, worker.GroupPath, request.Tags);
        _client ??= new SseClient(state.Services.TrafficFor(state.Scenario));
        var session = await SseSession.OpenAsync(_client, message, request.Timeout ?? defaults.Timeout, series, cancellation).ConfigureAwait(false);
        if (session.Interrupted)
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw new OperationCanceledException(cancellation);
        }
        return new Stream(session, cancellation);
    }

    private static HttpContent Content(HttpRequestMessage message) => message.Content ??= new ByteArrayContent([]);

    private Uri Resolve(string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https") return absolute;
        if (defaults.BaseUrl is null)
            throw new InvalidOperationException($"'{url}' is a relative URL and the run has no base URL: set [assembly: RampaOptions(BaseUrl = ...)], baseUrl in the YAML file, or --base-url");
        return new Uri(defaults.BaseUrl + (url.StartsWith('/') ? url : "/" + url));
    }

    private List<(string Name, string Value)> Headers(SseRequest request)
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
        _client?.Dispose();
        _client = null;
    }

    /// <summary>The scenario's stream series by name, group and tags (registered once, shared by its VUs).</summary>
    private sealed class SeriesCache(CodeScenarioState state)
    {
        private readonly ConcurrentDictionary<string, SseSeries> _series = new(StringComparer.Ordinal);

        public SseSeries For(string name, string? group, IReadOnlyDictionary<string, string>? tags)
        {
            var key = tags is null || tags.Count == 0
                ? $"{name}\0{group}"
                : $"{name}\0{group}\0{string.Join('\0', tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"))}";
            return _series.GetOrAdd(key, _ =>
            {
                var all = new Dictionary<string, string>(state.Services.SeriesFor(state.Scenario).BaseTags.ToDictionary(), StringComparer.Ordinal);
                if (tags is not null) foreach (var (k, v) in tags) all[k] = v;
                all["name"] = name;
                if (group is not null) all["group"] = group;
                return new SseSeries(state.Sink, [.. all]);
            });
        }
    }

    /// <summary>The SDK's view of one session.</summary>
    private sealed class Stream(SseSession session, CancellationToken cancellation) : SseStream
    {
        private string? _failure;

        public override int Status => session.Status;
        public override string? Error => _failure ?? session.Error;
        public override int EventCount => session.EventCount;

        public override async ValueTask<SseEvent?> ReadAsync()
        {
            var e = await session.ReadAsync().ConfigureAwait(false);
            if (e is null && session.Interrupted) throw new OperationCanceledException(cancellation);
            return e;
        }

        public override void Fail(string reason) => _failure ??= string.IsNullOrWhiteSpace(reason) ? "failed by the scenario" : reason;

        public override async ValueTask DisposeAsync()
        {
            session.Finish(_failure);
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }
}
