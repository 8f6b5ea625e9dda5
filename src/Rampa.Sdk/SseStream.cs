namespace Rampa.Sdk;

/// <summary>
/// An open Server-Sent Events stream. Read its events with <see cref="ReadAsync"/> (or <c>await foreach</c> over
/// <see cref="ReadAllAsync"/>) until you have what you wait for, then dispose it: that closes it and records the stream
/// (<c>sse_streams</c>, <c>sse_stream_duration</c>, <c>sse_events_per_stream</c>, <c>sse_stream_failed</c>). Each event
/// is recorded as it arrives (<c>sse_events</c>, <c>sse_time_to_first_event</c>, <c>sse_event_interval</c>). A failing
/// target never throws: the stream ends and <see cref="Error"/> says why. Not thread-safe.
/// </summary>
public abstract class SseStream : IAsyncDisposable
{
    /// <summary>The response's status; 0 when none came.</summary>
    public abstract int Status { get; }

    /// <summary>
    /// Why the stream failed (a status outside 2xx, a timeout, a lost connection, or <see cref="Fail"/>); null while it
    /// has not. A stream the server ends is not a failure by itself.
    /// </summary>
    public abstract string? Error { get; }

    /// <summary>Events received so far.</summary>
    public abstract int EventCount { get; }

    /// <summary>The next event; null once the stream ended (the server closed it, it failed or timed out).</summary>
    /// <exception cref="OperationCanceledException">The iteration must end (the run's end).</exception>
    public abstract ValueTask<SseEvent?> ReadAsync();

    /// <summary>Every event until the stream ends.</summary>
    public async IAsyncEnumerable<SseEvent> ReadAllAsync()
    {
        while (await ReadAsync().ConfigureAwait(false) is { } e) yield return e;
    }

    /// <summary>Counts this stream as failed with <paramref name="reason"/> (e.g. it ended before the event you waited for).</summary>
    public abstract void Fail(string reason);

    /// <summary>Closes the stream (if still open) and records it.</summary>
    public abstract ValueTask DisposeAsync();
}
