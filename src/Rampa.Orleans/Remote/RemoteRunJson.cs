using System.Text.Json;
using System.Text.Json.Serialization;
using Rampa.Orleans.Contracts;

namespace Rampa.Orleans.Remote;

/// <summary>
/// The JSON form of what travels through storage between a CLI and a remote cluster: the run request, the run's
/// status, and the silos' heartbeats. JSON, not Orleans' binary form, so a person can read the blobs.
/// </summary>
public static class RemoteRunJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] Write<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <exception cref="JsonException">The bytes are not a <typeparamref name="T"/>.</exception>
    public static T Read<T>(byte[] bytes) => JsonSerializer.Deserialize<T>(bytes, Options) ?? throw new JsonException($"empty {typeof(T).Name}");
}

/// <summary>What a silo says about itself every few seconds (<c>rampa cluster status</c>).</summary>
public sealed record SiloHeartbeat
{
    public required string Silo { get; init; }
    public required string ClusterId { get; init; }
    public string? Name { get; init; }
    public string? Host { get; init; }
    public DateTimeOffset StartedUtc { get; init; }
    public DateTimeOffset WrittenUtc { get; init; }
    /// <summary>The runs whose status this silo publishes.</summary>
    public List<string> Runs { get; init; } = new();
}
