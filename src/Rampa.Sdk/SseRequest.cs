namespace Rampa.Sdk;

/// <summary>
/// A Server-Sent Events stream to open: GET (or POST with a body, as LLM streaming APIs take their prompt), an absolute
/// URL or a path appended to the base URL.
/// </summary>
public sealed record SseRequest(string Method, string Url)
{
    /// <summary>A POST's body: a string or bytes as is, any other object as JSON.</summary>
    public object? Body { get; init; }
    /// <summary>The body's Content-Type (default: application/json for an object, text/plain for a string).</summary>
    public string? ContentType { get; init; }
    /// <summary>The <c>name</c> tag of the stream's samples (default: the URL).</summary>
    public string? Name { get; init; }
    /// <summary>Headers over the run's default headers; <c>Accept: text/event-stream</c> is added unless given.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
    /// <summary>Tags added to the stream's samples.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
    /// <summary>Bounds the whole stream from its request (default: the run's request timeout); past it the stream ends, failed.</summary>
    public TimeSpan? Timeout { get; init; }
}
