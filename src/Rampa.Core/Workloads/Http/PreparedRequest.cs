using System.Text;
using Rampa.Core.Engine;
using Rampa.Core.Metrics;
using Rampa.Core.Protocols.Http;
using Rampa.Core.Scenarios;

namespace Rampa.Core.Workloads.Http;

/// <summary>
/// A request made ready once per scenario per silo and shared by its VUs: constant parts pre-built (URI, headers,
/// body bytes), series ids registered per status on first sight, so the hot path only renders what varies.
/// </summary>
public sealed class PreparedRequest
{
    private readonly RequestSeries _series;
    private readonly (string Name, string Value)[]? _constantHeaders;

    public PreparedRequest(RequestSpec spec, RequestDefaults defaults, MetricSink sink, IReadOnlyList<KeyValuePair<string, string>> scenarioTags)
    {
        Spec = spec;
        ConstantUri = spec.Url.IsConstant ? new Uri(spec.Url.ConstantValue!) : null;
        ConstantBody = spec.Body is { IsConstant: true } b ? Encoding.UTF8.GetBytes(b.ConstantValue!) : null;
        if (spec.Headers.All(h => h.Value.IsConstant)) _constantHeaders = spec.Headers.Select(h => (h.Name, h.Value.ConstantValue!)).ToArray();
        // The requester is chosen here, once: auto on plain http is HTTP/1.1 (no ALPN there), so it takes the fast client.
        Http2 = spec.Http switch
        {
            HttpVersionChoice.Http11 => false,
            // The scheme is fixed at load (only the path and query may vary), so the first literal part says it.
            HttpVersionChoice.Auto => spec.Url.Parts is [{ Kind: Template.PartKind.Literal } first, ..]
                && first.Value.StartsWith("https:", StringComparison.OrdinalIgnoreCase),
            _ => true,
        };
        Sharing = spec.Connections;
        // The fast path: a request with no variables is written to bytes once and sent as is by every VU.
        if (ConstantUri is not null && _constantHeaders is not null && (spec.Body is null || ConstantBody is not null))
            ConstantTarget = Build(ConstantUri, _constantHeaders, ConstantBody);
        Timeout = spec.Timeout ?? defaults.Timeout;
        Expected = spec.ExpectedStatuses ?? defaults.ExpectedStatuses;
        Retry = spec.Retry;
        var requestTags = OwnTagsOf(spec, scenarioTags);
        _series = new RequestSeries(sink, requestTags, spec.Name, spec.Method, Expected);
        Checks = spec.Checks.Select(c =>
        {
            var checkTags = new Dictionary<string, string>(requestTags) { ["check"] = c.Name };
            return (c, sink.Register(BuiltinMetrics.Checks, checkTags));
        }).ToArray();
        Captures = spec.Captures.Select(c =>
        {
            var checkTags = new Dictionary<string, string>(requestTags) { ["check"] = c.CheckName };
            return (c, sink.Register(BuiltinMetrics.Checks, checkTags));
        }).ToArray();
        // Status checks read no body: the response is kept only when a header/body/json check or a capture reads it.
        NeedsBody = spec.NeedsResponse;
    }

    /// <summary>
    /// The tags every sample of the request carries (its checks too): the scenario's, the request's own <c>tags</c>
    /// (which win over the scenario's), and <c>group</c> inside a group.
    /// </summary>
    public static Dictionary<string, string> OwnTagsOf(RequestSpec spec, IReadOnlyList<KeyValuePair<string, string>> scenarioTags)
    {
        var tags = new Dictionary<string, string>(scenarioTags.ToDictionary());
        foreach (var (key, value) in spec.Tags) tags[key] = value;
        if (spec.Group is { } group) tags["group"] = group;
        return tags;
    }

    public RequestSpec Spec { get; }
    /// <summary>Whether it goes to the HTTP/2 requester (<c>http: 2</c>, <c>h2c</c>, <c>auto</c> on https).</summary>
    public bool Http2 { get; }
    /// <summary>Whose HTTP/2 connections it uses: the VU's own or the scenario's shared pool.</summary>
    public ConnectionSharing Sharing { get; }
    public Uri? ConstantUri { get; }
    /// <summary>The whole request as bytes, when nothing in it varies.</summary>
    public HttpTarget? ConstantTarget { get; }
    public byte[]? ConstantBody { get; }
    public TimeSpan Timeout { get; }
    public StatusSet Expected { get; }
    /// <summary>The retry policy; null for none (then the series carry no <c>attempt</c> tag).</summary>
    public RetryPolicy? Retry { get; }
    public (CheckSpec Check, int SeriesId)[] Checks { get; }
    /// <summary>Captures, each with the series of its check ("capture NAME").</summary>
    public (CaptureSpec Capture, int SeriesId)[] Captures { get; }
    /// <summary>Whether the response's headers and body are kept for checks and captures.</summary>
    public bool NeedsBody { get; }

    public Uri Uri(IterationContext it) => ConstantUri ?? new Uri(Spec.Url.Render(it));

    /// <summary>The request to send for this iteration: the prepared bytes, or rendered now when something varies.</summary>
    public HttpTarget Target(IterationContext it)
    {
        if (ConstantTarget is not null) return ConstantTarget;
        return Build(Uri(it), Headers(it), Body(it));
    }

    private HttpTarget Build(Uri uri, IReadOnlyList<(string Name, string Value)> headers, byte[]? body) => Http2
        ? HttpTarget.CreateHttp2(uri, Spec.Method, headers, body, Spec.ContentType, Spec.Http)
        : HttpTarget.Create(uri, Spec.Method, Http1RequestWriter.ToArray(Spec.Method, uri, headers, body, Spec.ContentType));

    public byte[]? Body(IterationContext it) =>
        ConstantBody ?? (Spec.Body is { } b ? Encoding.UTF8.GetBytes(b.Render(it)) : null);

    public IReadOnlyList<(string Name, string Value)> Headers(IterationContext it) =>
        _constantHeaders ?? Spec.Headers.Select(h => (h.Name, h.Value.Render(it))).ToArray();

    /// <summary>The series of a response with this status (0 with <paramref name="error"/> when none came).</summary>
    public HttpSeriesIds SeriesFor(int status, string? error, bool http2 = false) => _series.SeriesFor(status, error, http2);

    /// <summary>The series of one try of a request with a retry policy: also tagged <c>attempt</c> (1-based).</summary>
    public HttpSeriesIds SeriesFor(int status, string? error, int attempt, bool http2 = false) => _series.SeriesFor(status, error, attempt, http2);
}
