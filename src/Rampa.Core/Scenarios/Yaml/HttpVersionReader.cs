using Rampa.Core.Protocols.Http;

namespace Rampa.Core.Scenarios.Yaml;

/// <summary>
/// Reads <c>http:</c> (the HTTP version: 1.1, 2, h2c, auto) and <c>connections:</c> (per-vu, shared), wherever they
/// are written: a request, a scenario, <c>defaults</c>.
/// </summary>
internal static class HttpVersionReader
{
    public static readonly string[] SharingNames = ["per-vu", "shared"];

    public static HttpVersionChoice? Version(LoadContext ctx, Field field)
    {
        var text = Read.Text(ctx, field.Value, field.Path, $"an HTTP version: {string.Join(", ", HttpVersionChoices.Names)}")?.Trim();
        if (text is null) return null;
        if (HttpVersionChoices.TryParse(text, out var choice)) return choice;
        ctx.Error(field.Value, field.Path,
            $"unknown HTTP version '{text}'; expected one of {string.Join(", ", HttpVersionChoices.Names)} (2 is HTTP/2 over TLS, h2c cleartext HTTP/2, auto lets TLS's ALPN decide){Suggest.DidYouMean(text, HttpVersionChoices.Names)}");
        return null;
    }

    public static ConnectionSharing? Sharing(LoadContext ctx, Field field)
    {
        var text = Read.Text(ctx, field.Value, field.Path, "per-vu or shared")?.Trim();
        switch (text)
        {
            case null: return null;
            case "per-vu": return ConnectionSharing.PerVu;
            case "shared": return ConnectionSharing.Shared;
        }
        ctx.Error(field.Value, field.Path,
            $"unknown connections '{text}'; expected per-vu (each VU its own HTTP/2 connections) or shared (one pool per scenario){Suggest.DidYouMean(text, SharingNames)}");
        return null;
    }
}
