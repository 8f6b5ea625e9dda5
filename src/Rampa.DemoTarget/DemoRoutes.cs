using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Rampa.DemoTarget;

/// <summary>
/// Maps the demo target's method-bound routes and remembers each route's methods, so that <c>OPTIONS</c> on a route
/// answers 204 with an <c>Allow</c> header naming them (as a real API does), and a wrong method still gets 405.
/// </summary>
internal sealed class DemoRoutes(WebApplication app)
{
    private readonly Dictionary<string, List<string>> _methods = new(StringComparer.Ordinal);

    public void Map(string pattern, string[] methods, RequestDelegate handler)
    {
        app.MapMethods(pattern, methods, handler);
        if (!_methods.TryGetValue(pattern, out var known))
        {
            _methods[pattern] = known = [];
        }

        known.AddRange(methods);
    }

    /// <summary>Adds <c>OPTIONS</c> to every route mapped so far.</summary>
    public void MapOptions()
    {
        foreach (var (pattern, methods) in _methods)
        {
            var allow = string.Join(", ", methods.Append(HttpMethods.Options).Distinct(StringComparer.Ordinal));
            app.MapMethods(pattern, [HttpMethods.Options], context =>
            {
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                context.Response.Headers.Allow = allow;
                return Task.CompletedTask;
            });
        }
    }
}
