namespace Rampa.Storage;

/// <summary>The Content-Type a blob gets from its artifact's extension, so a browser opening the blob URL shows it.</summary>
public static class ArtifactContentTypes
{
    public const string Fallback = "application/octet-stream";

    public static string For(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".json" => "application/json",
        ".csv" => "text/csv; charset=utf-8",
        ".html" or ".htm" => "text/html; charset=utf-8",
        ".xml" => "application/xml",
        ".png" => "image/png",
        ".txt" or ".log" => "text/plain; charset=utf-8",
        ".yaml" or ".yml" => "application/yaml",
        _ => Fallback,
    };
}
