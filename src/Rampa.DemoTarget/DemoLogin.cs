using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Rampa.DemoTarget;

/// <summary>
/// <c>POST /login</c> with <c>{"user": "..."}</c> answers <c>{"token": "token-USER"}</c>, and <c>GET /me</c> answers the user
/// of a <c>Authorization: Bearer token-USER</c> header (401 without one): enough for a log-in-then-browse scenario. Nothing
/// is stored; the token is derived from the name.
/// </summary>
internal static class DemoLogin
{
    private const string TokenPrefix = "token-";

    public static async Task LoginAsync(HttpContext context)
    {
        string? user = null;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("user", out var u) && u.ValueKind == JsonValueKind.String)
                user = u.GetString();
        }
        catch (JsonException)
        {
        }
        if (string.IsNullOrWhiteSpace(user))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = "expected a JSON body {\"user\": \"...\"}" }).ConfigureAwait(false);
            return;
        }
        await context.Response.WriteAsJsonAsync(new { token = TokenPrefix + user }).ConfigureAwait(false);
    }

    public static Task MeAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer " + TokenPrefix, StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }
        return context.Response.WriteAsJsonAsync(new { user = header[("Bearer " + TokenPrefix).Length..] });
    }
}
