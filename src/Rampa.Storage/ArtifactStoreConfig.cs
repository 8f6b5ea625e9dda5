using Azure.Identity;
using Azure.Storage.Blobs;

namespace Rampa.Storage;

/// <summary>
/// Where blob artifacts go, from one user string: an Azure Storage connection string (Azurite's, an account key's,
/// a SAS one, or <c>UseDevelopmentStorage=true</c>), or an <c>https://&lt;account&gt;.blob.core.windows.net[/&lt;container&gt;]</c>
/// endpoint used with <see cref="DefaultAzureCredential"/>. Parsing does no I/O; bad input throws
/// <see cref="ArtifactStoreConfigException"/> naming the value.
/// </summary>
public sealed class ArtifactStoreConfig
{
    private ArtifactStoreConfig(Uri serviceUri, string containerName, string? connectionString)
    {
        ServiceUri = serviceUri;
        ContainerName = containerName;
        ConnectionString = connectionString;
    }

    /// <summary>The blob service endpoint, e.g. <c>https://acct.blob.core.windows.net/</c>.</summary>
    public Uri ServiceUri { get; }

    public string ContainerName { get; }

    /// <summary>The connection string the user gave; null when the store authenticates with DefaultAzureCredential.</summary>
    public string? ConnectionString { get; }

    public bool UsesDefaultAzureCredential => ConnectionString is null;

    /// <param name="value">A connection string or an https blob endpoint URI, optionally with the container as its path.</param>
    /// <param name="containerName">The container; null means the URI's container if it names one, else <see cref="BlobContainerNames.Default"/>.</param>
    public static ArtifactStoreConfig Parse(string value, string? containerName = null)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new ArtifactStoreConfigException(
                "no artifact store given: expected an Azure Storage connection string or an https://<account>.blob.core.windows.net endpoint");
        value = value.Trim();
        if (containerName is not null) BlobContainerNames.Validate(containerName);

        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            return FromEndpoint(value, containerName);
        if (value.Contains('='))
            return FromConnectionString(value, containerName ?? BlobContainerNames.Default);
        throw new ArtifactStoreConfigException(
            $"artifact store '{ConnectionStrings.Redact(value)}' is neither an Azure Storage connection string " +
            "(e.g. 'DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...' or 'UseDevelopmentStorage=true') " +
            "nor a blob endpoint URI (https://<account>.blob.core.windows.net[/<container>])");
    }

    /// <summary>The store for a service and container already known, e.g. from a run URL.</summary>
    internal static ArtifactStoreConfig ForService(Uri serviceUri, string containerName, string? connectionString)
    {
        BlobContainerNames.Validate(containerName);
        if (connectionString is not null)
        {
            var fromString = FromConnectionString(connectionString.Trim(), containerName);
            // Reading a run with another account's key would only end in a confusing 403 or 404.
            if (!SameService(fromString.ServiceUri, serviceUri))
                throw new ArtifactStoreConfigException(
                    $"the connection string is for {fromString.ServiceUri.AbsoluteUri.TrimEnd('/')} but the run is at {serviceUri.AbsoluteUri.TrimEnd('/')}");
            return fromString;
        }
        RequireHttps(serviceUri, serviceUri.AbsoluteUri);
        return new ArtifactStoreConfig(serviceUri, containerName, null);
    }

    public BlobContainerClient CreateContainerClient()
    {
        var options = BlobStoreClientOptions.Create();
        if (ConnectionString is not null)
            return new BlobContainerClient(ConnectionString, ContainerName, options);
        var service = new BlobServiceClient(ServiceUri, new DefaultAzureCredential(), options);
        return service.GetBlobContainerClient(ContainerName);
    }

    public BlobArtifactStore CreateStore() => new(CreateContainerClient());

    private static ArtifactStoreConfig FromConnectionString(string value, string containerName)
    {
        try
        {
            // The SDK's own parser: whatever it accepts here it accepts later, without I/O.
            var service = new BlobServiceClient(value, BlobStoreClientOptions.Create());
            return new ArtifactStoreConfig(service.Uri, containerName, value);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            throw new ArtifactStoreConfigException(
                $"artifact store connection string '{ConnectionStrings.Redact(value)}' is not valid: {e.Message.Split('\n')[0].Trim()}", e);
        }
    }

    private static ArtifactStoreConfig FromEndpoint(string value, string? containerName)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
            throw new ArtifactStoreConfigException($"artifact store endpoint '{ConnectionStrings.Redact(value)}' is not a valid URI");
        if (uri.Query.Length > 0)
            throw new ArtifactStoreConfigException(
                $"artifact store endpoint '{ConnectionStrings.Redact(value)}' has a query (a SAS token?): give a connection string " +
                "with SharedAccessSignature=... instead, or the bare endpoint to sign in with DefaultAzureCredential");
        RequireHttps(uri, value);

        var parts = new BlobUriBuilder(uri);
        if (!string.IsNullOrEmpty(parts.BlobName))
            throw new ArtifactStoreConfigException(
                $"artifact store endpoint '{value}' names a blob ('{parts.BlobName}'): give the account endpoint, optionally with a container, " +
                "e.g. https://<account>.blob.core.windows.net/rampa");
        var inUri = string.IsNullOrEmpty(parts.BlobContainerName) ? null : parts.BlobContainerName;
        if (inUri is not null && containerName is not null && inUri != containerName)
            throw new ArtifactStoreConfigException(
                $"artifact store endpoint '{value}' names container '{inUri}' but container '{containerName}' was also given");
        var container = containerName ?? inUri ?? BlobContainerNames.Default;
        BlobContainerNames.Validate(container);

        parts.BlobContainerName = "";
        return new ArtifactStoreConfig(parts.ToUri(), container, null);
    }

    private static bool SameService(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0 ||
        string.Equals(a.AbsoluteUri.TrimEnd('/'), b.AbsoluteUri.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    // DefaultAzureCredential sends bearer tokens, which Azure.Core refuses over plain http.
    private static void RequireHttps(Uri uri, string value)
    {
        if (uri.Scheme != Uri.UriSchemeHttps)
            throw new ArtifactStoreConfigException(
                $"artifact store endpoint '{ConnectionStrings.Redact(value)}' is not https: signing in with DefaultAzureCredential needs https; " +
                "for Azurite or another http endpoint give its connection string instead");
    }
}
