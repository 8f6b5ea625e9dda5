namespace Rampa.Storage;

/// <summary>
/// A run's artifacts named by URL, as <c>rampa report</c> accepts them and <see cref="BlobArtifactStore.Describe"/>
/// prints them: <c>https://acct.blob.core.windows.net/rampa/runs/&lt;id&gt;/</c>, or Azurite's path style
/// <c>http://127.0.0.1:10000/devstoreaccount1/rampa/runs/&lt;id&gt;/</c>.
/// </summary>
public sealed record BlobRunLocation(Uri ServiceUri, string ContainerName, string RunId)
{
    /// <summary>True for anything that should be read as a URL rather than a run id or folder.</summary>
    public static bool IsUrl(string value) =>
        value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    public static BlobRunLocation Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!IsUrl(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
            throw Invalid(url, "it is not an http(s) URL");
        if (uri.Query.Length > 0)
            throw Invalid(url, "it has a query; give the run's URL without a SAS token, and a connection string for access");

        var parts = new Azure.Storage.Blobs.BlobUriBuilder(uri);
        if (string.IsNullOrEmpty(parts.BlobContainerName))
            throw Invalid(url, "it names no container");
        var blobPath = (parts.BlobName ?? "").TrimEnd('/');
        if (!blobPath.StartsWith(BlobArtifactStore.RunsPrefix, StringComparison.Ordinal))
            throw Invalid(url, $"the path after the container must be {BlobArtifactStore.RunsPrefix}<run-id>/");
        var runId = blobPath[BlobArtifactStore.RunsPrefix.Length..];
        if (!Rampa.Core.Artifacts.ArtifactNames.IsValid(runId))
            throw Invalid(url, $"the path after the container must be {BlobArtifactStore.RunsPrefix}<run-id>/");
        BlobContainerNames.Validate(parts.BlobContainerName);

        var container = parts.BlobContainerName;
        parts.BlobContainerName = "";
        parts.BlobName = "";
        return new BlobRunLocation(parts.ToUri(), container, runId);
    }

    /// <summary>
    /// The store holding the run: authenticated by <paramref name="connectionString"/> when given (needed for Azurite and
    /// other http endpoints), else by DefaultAzureCredential.
    /// </summary>
    public ArtifactStoreConfig ToConfig(string? connectionString) =>
        ArtifactStoreConfig.ForService(ServiceUri, ContainerName, connectionString);

    private static ArtifactStoreConfigException Invalid(string url, string why) =>
        new($"'{ConnectionStrings.Redact(url)}' is not the blob URL of a run ({why}); " +
            "expected e.g. https://<account>.blob.core.windows.net/rampa/runs/<run-id>/");
}
