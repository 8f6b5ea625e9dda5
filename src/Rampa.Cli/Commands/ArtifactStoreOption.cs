using Rampa.Core.Artifacts;
using Rampa.Storage;

namespace Rampa.Cli.Commands;

/// <summary>
/// The artifact store a command uses: <c>--artifacts-blob</c> (or <c>RAMPA_ARTIFACTS_BLOB</c>), a connection string or
/// a blob endpoint URI, in <c>--artifacts-container</c> (or <c>RAMPA_ARTIFACTS_CONTAINER</c>, default <c>rampa</c>).
/// </summary>
internal static class ArtifactStoreOption
{
    public static string? Value(CliArguments args) =>
        args.ArtifactsBlob ?? NullIfEmpty(Environment.GetEnvironmentVariable("RAMPA_ARTIFACTS_BLOB"));

    public static string? Container(CliArguments args) =>
        args.ArtifactsContainer ?? NullIfEmpty(Environment.GetEnvironmentVariable("RAMPA_ARTIFACTS_CONTAINER"));

    /// <summary>The configured store, or null for the local folder only. A bad value is a usage error naming it.</summary>
    public static IArtifactStore? Create(CliArguments args)
    {
        if (Value(args) is not { } value) return null;
        try
        {
            return ArtifactStoreConfig.Parse(value, Container(args)).CreateStore();
        }
        catch (ArtifactStoreConfigException e)
        {
            throw new CliUsageException($"option --artifacts-blob: {e.Message}");
        }
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
