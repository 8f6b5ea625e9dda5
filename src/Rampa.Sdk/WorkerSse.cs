namespace Rampa.Sdk;

/// <summary>
/// A VU's Server-Sent Events client: <c>await using var stream = await worker.Sse.OpenAsync("/events");</c>. Streams
/// record the same metrics as a YAML <c>sse</c> step, tagged with the stream's name, group and tags.
/// </summary>
public abstract class WorkerSse
{
    /// <summary>Opens <paramref name="request"/>'s stream and returns once its response's head came (or it failed).</summary>
    /// <exception cref="OperationCanceledException">The iteration must end (the run's end).</exception>
    public abstract Task<SseStream> OpenAsync(SseRequest request);

    /// <summary>Opens a GET stream.</summary>
    public Task<SseStream> OpenAsync(string url, string? name = null, IReadOnlyDictionary<string, string>? headers = null,
        IReadOnlyDictionary<string, string>? tags = null, TimeSpan? timeout = null) =>
        OpenAsync(new SseRequest("GET", url) { Name = name, Headers = headers, Tags = tags, Timeout = timeout });

    /// <summary>Opens a POST stream with <paramref name="body"/> (an object is sent as JSON), as LLM streaming APIs take a prompt.</summary>
    public Task<SseStream> PostAsync(string url, object? body, string? name = null, IReadOnlyDictionary<string, string>? headers = null,
        IReadOnlyDictionary<string, string>? tags = null, TimeSpan? timeout = null) =>
        OpenAsync(new SseRequest("POST", url) { Body = body, Name = name, Headers = headers, Tags = tags, Timeout = timeout });
}
