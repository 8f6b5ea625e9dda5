using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Rampa.DemoTarget;

/// <summary>
/// Server-Sent Events: <c>GET|POST /sse?events=N&amp;delayMs=D&amp;done=true&amp;stallAfter=K</c> streams N events
/// (<c>data: {"n":1,"token":"t1"}</c>, one every D ms), then with <c>done</c> one more, <c>event: done</c> with
/// <c>data: [DONE]</c> (as LLM APIs end a stream), then ends the response. With <c>stallAfter=K</c> it sends K events
/// and then nothing, holding the stream open until the client leaves (or 60 s, or the server stops): a stalled stream.
/// A POST's body is read (and its size sent back in each event as <c>"prompt":BYTES</c>).
/// <c>GET /stats/sse</c> reads the counters (<see cref="DemoSseCounters"/>).
/// </summary>
internal static class DemoSse
{
    internal const int MaxEvents = 10_000;

    public static void Map(DemoRoutes routes, DemoSseCounters counters, CancellationToken stopping)
    {
        routes.Map("/sse", [HttpMethods.Get, HttpMethods.Post], context => StreamAsync(context, counters, stopping));
        routes.Map("/stats/sse", [HttpMethods.Get], context =>
        {
            var json = string.Create(CultureInfo.InvariantCulture,
                $$"""{"streams":{{counters.Streams}},"events":{{counters.Events}},"completed":{{counters.Completed}}}""");
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            return context.Response.WriteAsync(json, context.RequestAborted);
        });
    }

    private static async Task StreamAsync(HttpContext context, DemoSseCounters counters, CancellationToken stopping)
    {
        var query = context.Request.Query;
        if (!Number(query, "events", 5, MaxEvents, out var events) || !Number(query, "delayMs", 0, DemoTargetEndpoints.MaxDelayMs, out var delay)
            || !Number(query, "stallAfter", -1, MaxEvents, out var stallAfter))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(
                $"events (0..{MaxEvents}), delayMs (0..{DemoTargetEndpoints.MaxDelayMs}) and stallAfter (0..{MaxEvents}) must be whole numbers\n",
                context.RequestAborted).ConfigureAwait(false);
            return;
        }
        var done = query["done"] is { Count: > 0 } d && d[0] is "true" or "1";
        long prompt = 0;
        if (HttpMethods.IsPost(context.Request.Method))
        {
            var buffer = new byte[4096];
            int n;
            while ((n = await context.Request.Body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0) prompt += n;
        }

        counters.StreamOpened();
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var token = linked.Token;
        try
        {
            // The head goes out at once: a client's time to first event is the server's, not a buffer's.
            await response.Body.FlushAsync(token).ConfigureAwait(false);
            for (var i = 1; i <= events; i++)
            {
                if (i - 1 == stallAfter)
                {
                    await Task.Delay(DemoTargetEndpoints.MaxDelayMs, token).ConfigureAwait(false);
                    return;
                }
                if (delay > 0) await Task.Delay(delay, token).ConfigureAwait(false);
                var text = prompt > 0
                    ? string.Create(CultureInfo.InvariantCulture, $"id: {i}\ndata: {{\"n\":{i},\"token\":\"t{i}\",\"prompt\":{prompt}}}\n\n")
                    : string.Create(CultureInfo.InvariantCulture, $"id: {i}\ndata: {{\"n\":{i},\"token\":\"t{i}\"}}\n\n");
                await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), token).ConfigureAwait(false);
                await response.Body.FlushAsync(token).ConfigureAwait(false);
                counters.EventSent();
            }
            if (done)
            {
                await response.Body.WriteAsync("event: done\ndata: [DONE]\n\n"u8.ToArray(), token).ConfigureAwait(false);
                await response.Body.FlushAsync(token).ConfigureAwait(false);
                counters.EventSent();
            }
            counters.StreamCompleted();
        }
        catch (OperationCanceledException)
        {
            // The client went away (it had what it wanted, or gave up on a stall) or the server is stopping.
        }
        catch (IOException)
        {
            // The connection was reset mid-write.
        }
    }

    private static bool Number(IQueryCollection query, string name, int fallback, int max, out int value)
    {
        value = fallback;
        if (query[name] is not { Count: > 0 } text) return true;
        return int.TryParse(text[0], NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= max;
    }
}

/// <summary>What the SSE route did since start (or the last reset): streams opened and completed, events written.</summary>
public sealed class DemoSseCounters
{
    private long _streams, _events, _completed;

    /// <summary>Streams opened (a 200 with an event stream started).</summary>
    public long Streams => Interlocked.Read(ref _streams);
    /// <summary>Events written and flushed to clients.</summary>
    public long Events => Interlocked.Read(ref _events);
    /// <summary>Streams that sent all their events and ended normally.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    internal void StreamOpened() => Interlocked.Increment(ref _streams);
    internal void EventSent() => Interlocked.Increment(ref _events);
    internal void StreamCompleted() => Interlocked.Increment(ref _completed);

    internal void Reset()
    {
        Interlocked.Exchange(ref _streams, 0);
        Interlocked.Exchange(ref _events, 0);
        Interlocked.Exchange(ref _completed, 0);
    }
}
