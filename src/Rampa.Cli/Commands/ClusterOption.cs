using Rampa.Core.Artifacts;
using Rampa.Storage;

namespace Rampa.Cli.Commands;

/// <summary>
/// <c>--cluster</c> (or <c>RAMPA_CLUSTER</c>): the storage account a remote cluster watches, as a connection string
/// (Azurite's, for a local multi-process cluster) or a blob endpoint <c>https://ACCOUNT.blob.core.windows.net</c>
/// (DefaultAzureCredential). The run mailbox and the artifacts share one container (<c>--artifacts-container</c>,
/// default <c>rampa</c>), the one the silos are configured with.
/// </summary>
internal sealed record ClusterOption(BlobRunMailbox Mailbox, IArtifactStore Artifacts, BlobCodeBundleStore Bundles, string Describe)
{
    public static string? Value(CliArguments args) =>
        args.Cluster ?? (Environment.GetEnvironmentVariable("RAMPA_CLUSTER") is { Length: > 0 } v ? v : null);

    public static ClusterOption? Create(CliArguments args)
    {
        if (Value(args) is not { } value) return null;
        try
        {
            var config = ArtifactStoreConfig.Parse(value, ArtifactStoreOption.Container(args));
            var container = config.CreateContainerClient();
            return new ClusterOption(new BlobRunMailbox(container), new BlobArtifactStore(container), new BlobCodeBundleStore(container), container.Uri.AbsoluteUri);
        }
        catch (ArtifactStoreConfigException e)
        {
            throw new CliUsageException($"option --cluster: {e.Message}");
        }
    }
}
