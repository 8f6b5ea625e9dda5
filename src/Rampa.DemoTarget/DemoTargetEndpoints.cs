using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Rampa.DemoTarget;

/// <summary>
/// The demo target's routes. Handlers are plain <see cref="RequestDelegate"/>s writing
/// precomputed bytes where they can: no model binding, no per-request logging.
/// </summary>
internal static class DemoTargetEndpoints
{
    internal const string HelloText = "Hello from Rampa's demo target\n";
    internal const int MaxDelayMs = 60_000;
    internal const int MaxBytes = 64 * 1024 * 1024;
    internal const int DefaultFlakyFailures = 2;

    private const string TextPlain = "text/plain; charset=utf-8";
    private const string ApplicationJson = "application/json; charset=utf-8";

    private static readonly byte[] Hello = Encoding.UTF8.GetBytes(HelloText);

    private static readonly byte[] Json = Encoding.UTF8.GetBytes(
        """{"message":"Hello from Rampa's demo target","ok":true,"version":1,"tags":["demo","rampa"]}""");

    private static readonly byte[] Health = Encoding.UTF8.GetBytes("""{"status":"ok"}""");

    // 64 KiB of printable filler for /bytes/{n}.
    private static readonly byte[] Filler = CreateFiller(64 * 1024);

    public static void Map(WebApplication app, DemoTargetState state)
    {
        // Counts every request, matched or not, except the /stats family (which reads the counters).
        app.Use(next => context =>
        {
            var path = context.Request.Path;
            if (!path.StartsWithSegments("/stats", StringComparison.Ordinal))
            {
                state.Count(path.Value ?? "/");
            }

            return next(context);
        });

        var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

        string[] get = [HttpMethods.Get, HttpMethods.Head];
        var routes = new DemoRoutes(app);
        routes.Map("/", get, static context => WriteAsync(context, StatusCodes.Status200OK, TextPlain, Hello));
        routes.Map("/json", get, static context => WriteAsync(context, StatusCodes.Status200OK, ApplicationJson, Json));
        routes.Map("/health", get, static context => WriteAsync(context, StatusCodes.Status200OK, ApplicationJson, Health));
        routes.Map("/delay/{ms}", [HttpMethods.Get], context => DelayAsync(context, stopping));
        app.Map("/status/{code}", StatusAsync);
        routes.Map("/items/{id}", get, DemoItems.GetAsync);
        routes.Map("/items/{id}", [HttpMethods.Put], DemoItems.PutAsync);
        routes.Map("/items/{id}", [HttpMethods.Patch], DemoItems.PatchAsync);
        routes.Map("/items/{id}", [HttpMethods.Delete], DemoItems.DeleteAsync);
        routes.Map("/echo", [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch], EchoAsync);
        routes.Map("/login", [HttpMethods.Post], DemoLogin.LoginAsync);
        routes.Map("/me", [HttpMethods.Get], DemoLogin.MeAsync);
        routes.Map("/stats", [HttpMethods.Get], context => StatsAsync(context, state));
        routes.Map("/stats/reset", [HttpMethods.Post], context =>
        {
            state.Reset();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        app.Map("/flaky/{key}", context => FlakyAsync(context, state));
        routes.Map("/bytes/{n}", [HttpMethods.Get], BytesAsync);
        DemoSse.Map(routes, state.Sse, stopping);
        routes.MapOptions();
        // Drops the connection without an answer: a "connection reset" for clients to count.
        app.Map("/reset", static context =>
        {
            context.Abort();
            return Task.CompletedTask;
        });
    }

    private static Task WriteAsync(HttpContext context, int status, string contentType, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static Task WriteTextAsync(HttpContext context, int status, string text) =>
        WriteAsync(context, status, TextPlain, Encoding.UTF8.GetBytes(text));

    private static string? Route(HttpContext context, string name) =>
        context.Request.RouteValues.TryGetValue(name, out var value) ? value as string : null;

    private static async Task DelayAsync(HttpContext context, CancellationToken stopping)
    {
        if (!long.TryParse(Route(context, "ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            await WriteTextAsync(context, StatusCodes.Status400BadRequest, "delay must be a whole number of milliseconds\n").ConfigureAwait(false);
            return;
        }

        var wait = (int)Math.Min(ms, MaxDelayMs);
        if (wait > 0)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            try
            {
                await Task.Delay(wait, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The client went away or the server is stopping: answer (or try to) at once.
                if (context.RequestAborted.IsCancellationRequested)
                {
                    return;
                }

                await WriteTextAsync(context, StatusCodes.Status503ServiceUnavailable, "server stopping\n").ConfigureAwait(false);
                return;
            }
        }

        await WriteTextAsync(context, StatusCodes.Status200OK, string.Create(CultureInfo.InvariantCulture, $"waited {wait} ms\n")).ConfigureAwait(false);
    }

    private static Task StatusAsync(HttpContext context)
    {
        // 1xx codes are interim responses in HTTP: sent as a final answer they would leave the
        // client waiting for the real one, so only 200..599 can be asked for.
        if (!int.TryParse(Route(context, "code"), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            || code < 200 || code > 599)
        {
            return WriteTextAsync(context, StatusCodes.Status400BadRequest, "status code must be a number from 200 to 599\n");
        }

        if (code is StatusCodes.Status204NoContent or StatusCodes.Status205ResetContent or StatusCodes.Status304NotModified
            || HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = code;
            return Task.CompletedTask;
        }

        var reason = ReasonPhrases.GetReasonPhrase(code);
        var text = reason.Length == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{code}\n")
            : string.Create(CultureInfo.InvariantCulture, $"{code} {reason}\n");
        return WriteTextAsync(context, code, text);
    }

    private static async Task EchoAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = string.IsNullOrEmpty(request.ContentType) ? "application/octet-stream" : request.ContentType;
        if (request.ContentLength is { } length)
        {
            response.ContentLength = length;
        }

        await request.Body.CopyToAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private static Task StatsAsync(HttpContext context, DemoTargetState state)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("requests", state.RequestCount);
            writer.WriteStartObject("byPath");
            foreach (var (path, count) in state.SnapshotByPath())
            {
                writer.WriteNumber(path, count);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        context.Response.Headers.CacheControl = "no-store";
        return WriteAsync(context, StatusCodes.Status200OK, ApplicationJson, buffer.WrittenSpan.ToArray());
    }

    private static Task FlakyAsync(HttpContext context, DemoTargetState state)
    {
        var failures = DefaultFlakyFailures;
        var query = context.Request.Query["failures"];
        if (query.Count > 0
            && (!int.TryParse(query[0], NumberStyles.None, CultureInfo.InvariantCulture, out failures) || failures < 0))
        {
            return WriteTextAsync(context, StatusCodes.Status400BadRequest, "failures must be a whole number >= 0\n");
        }

        var key = Route(context, "key") ?? string.Empty;
        var attempt = state.NextFlakyAttempt(key);
        if (attempt <= failures)
        {
            context.Response.Headers.RetryAfter = "0";
            return WriteTextAsync(
                context,
                StatusCodes.Status503ServiceUnavailable,
                string.Create(CultureInfo.InvariantCulture, $"flaky: failure {attempt} of {failures}\n"));
        }

        return WriteTextAsync(
            context,
            StatusCodes.Status200OK,
            string.Create(CultureInfo.InvariantCulture, $"ok after {failures} failures (attempt {attempt})\n"));
    }

    private static async Task BytesAsync(HttpContext context)
    {
        if (!int.TryParse(Route(context, "n"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > MaxBytes)
        {
            await WriteTextAsync(context, StatusCodes.Status400BadRequest, string.Create(CultureInfo.InvariantCulture, $"n must be a whole number from 0 to {MaxBytes}\n")).ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/octet-stream";
        response.ContentLength = n;
        var left = n;
        while (left > 0)
        {
            var chunk = Math.Min(left, Filler.Length);
            await response.Body.WriteAsync(Filler.AsMemory(0, chunk), context.RequestAborted).ConfigureAwait(false);
            left -= chunk;
        }
    }

    private static byte[] CreateFiller(int length)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789\n";
        var bytes = new byte[length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)alphabet[i % alphabet.Length];
        }

        return bytes;
    }
}
