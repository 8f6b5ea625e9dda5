using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Rampa.DemoTarget;

/// <summary>
/// <c>/items/{id}</c>: a REST resource to aim reads and writes at. Items are synthetic and nothing is stored, so any
/// load leaves the server as it was: item N is <c>{"id":N,"name":"Item N"}</c>, a PUT answers with what it was sent
/// (its id from the URL), a PATCH with item N patched (a JSON Patch array, RFC 6902, or a JSON merge-patch object,
/// RFC 7386), and a DELETE with 204. Ids are whole numbers; anything else is 404, as for a missing item.
/// </summary>
internal static class DemoItems
{
    private const string ApplicationJson = "application/json; charset=utf-8";
    private const int MaxBodyBytes = 1024 * 1024;

    public static Task GetAsync(HttpContext context) =>
        TryId(context, out var id) ? WriteAsync(context, StatusCodes.Status200OK, Item(id)) : NotFoundAsync(context);

    public static async Task PutAsync(HttpContext context)
    {
        if (!TryId(context, out var id))
        {
            await NotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        if (await ReadJsonAsync(context).ConfigureAwait(false) is not JsonObject sent)
        {
            await TextAsync(context, StatusCodes.Status400BadRequest, "PUT /items/{id} takes a JSON object\n").ConfigureAwait(false);
            return;
        }

        sent["id"] = id;
        await WriteAsync(context, StatusCodes.Status200OK, sent).ConfigureAwait(false);
    }

    public static async Task PatchAsync(HttpContext context)
    {
        if (!TryId(context, out var id))
        {
            await NotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        var item = Item(id);
        var error = await ReadJsonAsync(context).ConfigureAwait(false) switch
        {
            JsonArray operations => JsonPatch.Apply(item, operations),
            JsonObject merge => JsonPatch.Merge(item, merge),
            _ => "PATCH /items/{id} takes a JSON Patch array or a JSON merge-patch object",
        };
        if (error is not null)
        {
            await TextAsync(context, StatusCodes.Status400BadRequest, error + "\n").ConfigureAwait(false);
            return;
        }

        item["id"] = id;
        await WriteAsync(context, StatusCodes.Status200OK, item).ConfigureAwait(false);
    }

    public static Task DeleteAsync(HttpContext context)
    {
        if (!TryId(context, out _))
        {
            return NotFoundAsync(context);
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private static JsonObject Item(long id) => new()
    {
        ["id"] = id,
        ["name"] = string.Create(CultureInfo.InvariantCulture, $"Item {id}"),
    };

    private static bool TryId(HttpContext context, out long id) =>
        long.TryParse(context.Request.RouteValues.TryGetValue("id", out var value) ? value as string : null,
            NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out id);

    /// <summary>The request body as JSON, or null when it is empty, too large or not JSON.</summary>
    private static async Task<JsonNode?> ReadJsonAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task NotFoundAsync(HttpContext context) =>
        TextAsync(context, StatusCodes.Status404NotFound, "no such item (ids are whole numbers)\n");

    private static Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        context.Response.StatusCode = status;
        context.Response.ContentType = ApplicationJson;
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    private static Task TextAsync(HttpContext context, int status, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }
}
