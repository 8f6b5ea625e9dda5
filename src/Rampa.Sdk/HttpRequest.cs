namespace Rampa.Sdk;

/// <summary>
/// One HTTP request for <see cref="WorkerHttp.SendAsync(HttpRequest)"/>. The shortcuts (<c>GetAsync</c>, <c>PostAsync</c>, ...)
/// fill one in.
/// </summary>
public sealed class HttpRequest(string method, string url)
{
    public string Method { get; } = method;
    /// <summary>Absolute, or relative to the run's base URL.</summary>
    public string Url { get; } = url;
    /// <summary>The <c>name</c> tag (what the summary and reports group by); the URL when not set. Name URLs with ids in them.</summary>
    public string? Name { get; set; }
    /// <summary>The body: a <see cref="string"/> or <see cref="byte"/>[] is sent as is; any other object as JSON (application/json).</summary>
    public object? Body { get; set; }
    /// <summary>The Content-Type of a string or byte body (text/plain unless a header says otherwise).</summary>
    public string? ContentType { get; set; }
    public IReadOnlyDictionary<string, string>? Headers { get; set; }
    /// <summary>Tags added to every sample of this request and its checks.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; set; }
    /// <summary>The request's timeout (the run's default, 60 s, when not set).</summary>
    public TimeSpan? Timeout { get; set; }
    /// <summary>Statuses that count as success for <c>http_req_failed</c> and <c>expected_response</c> (200-399 when not set).</summary>
    public IReadOnlyCollection<int>? ExpectedStatuses { get; set; }
    /// <summary>Tries in all (1 = no retry): a network error, 429 or 5xx is tried again after a backoff; each try is recorded, tagged <c>attempt</c>.</summary>
    public int Attempts { get; set; } = 1;
    /// <summary>
    /// The HTTP version: <c>System.Net.HttpVersion.Version20</c> is HTTP/2 (over TLS with ALPN on https, cleartext with
    /// prior knowledge on http), <c>Version11</c> HTTP/1.1; not set, the scenario's <c>http:</c> (HTTP/1.1 unless a YAML
    /// file running the scenario says otherwise). Samples are tagged <c>proto</c> HTTP/1.1 or HTTP/2.0.
    /// </summary>
    public Version? Version { get; set; }
}
