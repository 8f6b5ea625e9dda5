using System.Collections.Concurrent;
using System.Globalization;
using Rampa.Core.Failures;
using Rampa.Core.Metrics;

namespace Rampa.Core.Engine;

/// <summary>
/// The http_req_* series of one request (its tags, name, method and protocol), registered per status, error and attempt on
/// first sight: what a YAML request (<see cref="PreparedRequest"/>) and a C# request both record into.
/// </summary>
public sealed class RequestSeries
{
    private readonly ProtocolSeries _http1;
    private readonly ProtocolSeries _http2;

    /// <param name="requestTags">The scenario's and request's tags (and <c>group</c>); <c>name</c>, <c>method</c> and <c>proto</c> are added.</param>
    public RequestSeries(MetricSink sink, IReadOnlyDictionary<string, string> requestTags, string name, string method, Scenarios.StatusSet expected)
    {
        _http1 = new ProtocolSeries(sink, requestTags, name, method, Protocols.Http.HttpVersionChoices.Http11Tag, expected);
        _http2 = new ProtocolSeries(sink, requestTags, name, method, Protocols.Http.HttpVersionChoices.Http2Tag, expected);
    }

    /// <summary>The series of a response with this status (0 with <paramref name="error"/> when none came), tagged with its protocol.</summary>
    public HttpSeriesIds SeriesFor(int status, string? error, bool http2 = false) => (http2 ? _http2 : _http1).SeriesFor(status, error);

    /// <summary>The series of one try of a request with a retry policy: also tagged <c>attempt</c> (1-based).</summary>
    public HttpSeriesIds SeriesFor(int status, string? error, int attempt, bool http2 = false) =>
        (http2 ? _http2 : _http1).SeriesFor(status, error, attempt);

    /// <summary>The series of one protocol (the <c>proto</c> tag, k6's HTTP/1.1 or HTTP/2.0), each registered on first sight.</summary>
    private sealed class ProtocolSeries
    {
        private readonly MetricSink _sink;
        private readonly IReadOnlyList<KeyValuePair<string, string>> _baseTags;
        private readonly Scenarios.StatusSet _expected;
        private readonly ConcurrentDictionary<int, HttpSeriesIds> _byStatus = new();
        private readonly ConcurrentDictionary<string, HttpSeriesIds> _byError = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<(int Status, string? Error, int Attempt), HttpSeriesIds> _byAttempt = new();

        public ProtocolSeries(MetricSink sink, IReadOnlyDictionary<string, string> requestTags, string name, string method, string proto,
            Scenarios.StatusSet expected)
        {
            _sink = sink;
            _expected = expected;
            _baseTags = new Dictionary<string, string>(requestTags) { ["name"] = name, ["method"] = method, ["proto"] = proto }.ToList();
        }

        public HttpSeriesIds SeriesFor(int status, string? error)
        {
            if (error is null)
                return _byStatus.TryGetValue(status, out var ids) ? ids : _byStatus.GetOrAdd(status, s => Register(s, null));
            return _byError.TryGetValue(error, out var e) ? e : _byError.GetOrAdd(error, x => Register(0, x));
        }

        public HttpSeriesIds SeriesFor(int status, string? error, int attempt) =>
            _byAttempt.TryGetValue((status, error, attempt), out var ids)
                ? ids
                : _byAttempt.GetOrAdd((status, error, attempt), k => Register(k.Status, k.Error, k.Attempt));

        private HttpSeriesIds Register(int status, string? error, int attempt = 0)
        {
            var expected = error is null && _expected.Contains(status);
            var tags = new List<KeyValuePair<string, string>>(_baseTags)
            {
                new("status", status.ToString(CultureInfo.InvariantCulture)),
                new("expected_response", expected ? "true" : "false"),
            };
            if (error is not null) tags.Add(new("error", error));
            if (ErrorCodes.TagFor(status, error) is { } code) tags.Add(new("error_code", code.ToString(CultureInfo.InvariantCulture)));
            if (attempt > 0) tags.Add(new("attempt", attempt.ToString(CultureInfo.InvariantCulture)));
            return new HttpSeriesIds(
                _sink.Register(BuiltinMetrics.HttpReqs, tags),
                _sink.Register(BuiltinMetrics.HttpReqDuration, tags),
                _sink.Register(BuiltinMetrics.HttpReqBlocked, tags),
                _sink.Register(BuiltinMetrics.HttpReqConnecting, tags),
                _sink.Register(BuiltinMetrics.HttpReqTlsHandshaking, tags),
                _sink.Register(BuiltinMetrics.HttpReqSending, tags),
                _sink.Register(BuiltinMetrics.HttpReqWaiting, tags),
                _sink.Register(BuiltinMetrics.HttpReqReceiving, tags),
                _sink.Register(BuiltinMetrics.HttpReqFailed, tags),
                expected);
        }
    }
}

/// <summary>The series one response records into.</summary>
public readonly record struct HttpSeriesIds(
    int Reqs, int Duration, int Blocked, int Connecting, int Tls, int Sending, int Waiting, int Receiving, int Failed, bool Expected);
