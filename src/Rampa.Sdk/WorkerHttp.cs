namespace Rampa.Sdk;

/// <summary>
/// A VU's HTTP client. Every request is recorded as in a YAML scenario (<c>http_reqs</c>, <c>http_req_duration</c> and its
/// phases, <c>http_req_failed</c>, tagged name, method, status...). A failed request is a result with
/// <see cref="HttpResult.Status"/> 0 and an <see cref="HttpResult.Error"/>, never an exception.
/// </summary>
public abstract class WorkerHttp
{
    /// <summary>Sends <paramref name="request"/>.</summary>
    public abstract Task<HttpResult> SendAsync(HttpRequest request);

    public Task<HttpResult> GetAsync(string url, string? name = null, IReadOnlyDictionary<string, string>? headers = null,
        IReadOnlyDictionary<string, string>? tags = null, TimeSpan? timeout = null, IReadOnlyCollection<int>? expected = null, int attempts = 1) =>
        SendAsync(Build("GET", url, null, name, headers, tags, timeout, expected, attempts));

    public Task<HttpResult> DeleteAsync(string url, string? name = null, IReadOnlyDictionary<string, string>? headers = null,
        IReadOnlyDictionary<string, string>? tags = null, TimeSpan? timeout = null, IReadOnlyCollection<int>? expected = null, int attempts = 1) =>
        SendAsync(Build("DELETE", url, null, name, headers, tags, timeout, expected, attempts));

    /// <summary>POST; <paramref name="body"/> as for <see cref="HttpRequest.Body"/> (an object is sent as JSON).</summary>
    public Task<HttpResult> PostAsync(string url, object? body = null, string? name = null, IReadOnlyDictionary<string, string>? headers = null,
        IReadOnlyDictionary<string, string>? tags = null, TimeSpan? timeout = null, IReadOnlyCollection<int>? expected = null, int attempts = 1) =>
        SendAsync(Build("POST", url, body, name, headers, tags, timeout, expected, attempts));

    public Task<HttpResult> PutAsync(string url, object? body = null, string? name = null, IReadOnlyDictionary<string, string>? headers = null,
        IReadOnlyDictionary<string, string>? tags = null, TimeSpan? timeout = null, IReadOnlyCollection<int>? expected = null, int attempts = 1) =>
        SendAsync(Build("PUT", url, body, name, headers, tags, timeout, expected, attempts));

    public Task<HttpResult> PatchAsync(string url, object? body = null, string? name = null, IReadOnlyDictionary<string, string>? headers = null,
        IReadOnlyDictionary<string, string>? tags = null, TimeSpan? timeout = null, IReadOnlyCollection<int>? expected = null, int attempts = 1) =>
        SendAsync(Build("PATCH", url, body, name, headers, tags, timeout, expected, attempts));

    private static HttpRequest Build(string method, string url, object? body, string? name, IReadOnlyDictionary<string, string>? headers,
        IReadOnlyDictionary<string, string>? tags, TimeSpan? timeout, IReadOnlyCollection<int>? expected, int attempts) =>
        new(method, url)
        {
            Body = body, Name = name, Headers = headers, Tags = tags, Timeout = timeout, ExpectedStatuses = expected, Attempts = attempts,
        };
}
