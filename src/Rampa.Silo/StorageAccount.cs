using System.Data.Common;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Rampa.Storage;

namespace Rampa.Silo;

/// <summary>
/// The one Azure Storage account a silo uses: tables for membership, blobs for grain state and artifacts. Given as a
/// connection string (Azurite's full one, an account key's, <c>UseDevelopmentStorage=true</c>), or as
/// <c>https://ACCOUNT.blob.core.windows.net</c> or the bare account name, both signed in with
/// <see cref="DefaultAzureCredential"/> (the table endpoint is derived). Parsing does no I/O.
/// </summary>
public sealed partial class StorageAccount
{
    private readonly string? _connectionString;
    private readonly Lazy<TokenCredential> _credential = new(() => new DefaultAzureCredential());

    private StorageAccount(Uri blobEndpoint, Uri tableEndpoint, string? connectionString, string description)
    {
        BlobEndpoint = blobEndpoint;
        TableEndpoint = tableEndpoint;
        _connectionString = connectionString;
        Description = description;
    }

    /// <summary>A placeholder for options that carry no account (only <c>--help</c> was asked for).</summary>
    internal static StorageAccount None { get; } = new(new Uri("http://none/"), new Uri("http://none/"), null, "(none)");

    public Uri BlobEndpoint { get; }

    public Uri TableEndpoint { get; }

    public bool UsesDefaultAzureCredential => _connectionString is null;

    /// <summary>What to print: the endpoints and how the silo signs in, never a key or a SAS signature.</summary>
    public string Description { get; }

    // The SDKs' default retries (3 tries, exponential, 100 s network timeout) would make an unreachable account look like
    // a hang; the silo's own start timeout and Orleans' membership retries are the real bounds.
    public TableServiceClient CreateTableServiceClient()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return _connectionString is not null
            ? new TableServiceClient(_connectionString, options)
            : new TableServiceClient(TableEndpoint, _credential.Value, options);
    }

    public BlobServiceClient CreateBlobServiceClient()
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return _connectionString is not null
            ? new BlobServiceClient(_connectionString, options)
            : new BlobServiceClient(BlobEndpoint, _credential.Value, options);
    }

    /// <summary>The artifact store over the same account, container <paramref name="container"/>.</summary>
    public ArtifactStoreConfig ArtifactStore(string container = BlobContainerNames.Default) =>
        ArtifactStoreConfig.Parse(_connectionString ?? BlobEndpoint.AbsoluteUri, container);

    /// <param name="option">The option or environment variable the value came from, for the error message.</param>
    public static StorageAccount Parse(string option, string value)
    {
        value = value.Trim();
        if (value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            return FromEndpoint(option, value);
        if (value.Contains('='))
            return FromConnectionString(option, value);
        if (AccountName().IsMatch(value))
            return FromEndpoint(option, $"https://{value}.blob.core.windows.net");
        throw new SiloOptionsException(
            $"{option} '{ConnectionStrings.Redact(value)}' is neither an Azure Storage connection string, nor " +
            "https://ACCOUNT.blob.core.windows.net, nor an account name (3-24 lowercase letters and digits)");
    }

    [GeneratedRegex("^[a-z0-9]{3,24}$")]
    private static partial Regex AccountName();

    private static StorageAccount FromConnectionString(string option, string value)
    {
        var redacted = ConnectionStrings.Redact(value);
        var parts = new DbConnectionStringBuilder();
        try
        {
            parts.ConnectionString = value;
        }
        catch (ArgumentException)
        {
            throw new SiloOptionsException($"{option} '{redacted}' is not a valid connection string (expected Key=Value;Key=Value;...)");
        }
        // A string with only a BlobEndpoint (as the artifact store accepts) would silently send membership to
        // ACCOUNT.table.core.windows.net instead of the emulator the user meant.
        if (parts.ContainsKey("BlobEndpoint") && !parts.ContainsKey("TableEndpoint"))
            throw new SiloOptionsException(
                $"{option} '{redacted}' names a BlobEndpoint but no TableEndpoint: the silo keeps its membership in tables, " +
                "so give both (Azurite: ...;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;)");
        try
        {
            var blob = new BlobServiceClient(value);
            var table = new TableServiceClient(value);
            return new StorageAccount(blob.Uri, table.Uri, value, $"account {blob.AccountName} (blob {Trim(blob.Uri)}, table {Trim(table.Uri)}, connection string)");
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            throw new SiloOptionsException($"{option} '{redacted}' is not a valid Azure Storage connection string: {e.Message.Split('\n')[0].Trim()}");
        }
    }

    private static StorageAccount FromEndpoint(string option, string value)
    {
        var redacted = ConnectionStrings.Redact(value);
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
            throw new SiloOptionsException($"{option} '{redacted}' is not a valid URI");
        if (uri.Scheme != Uri.UriSchemeHttps)
            throw new SiloOptionsException(
                $"{option} '{redacted}' is not https: signing in with DefaultAzureCredential needs https; for Azurite give its connection string");
        if (uri.Query.Length > 0 || uri.AbsolutePath != "/")
            throw new SiloOptionsException(
                $"{option} '{redacted}' should be the bare account endpoint https://ACCOUNT.blob.core.windows.net (no path, no query; " +
                "for a SAS give a connection string with SharedAccessSignature=...)");
        var labels = uri.Host.Split('.');
        if (labels.Length < 3 || labels[1] != "blob")
            throw new SiloOptionsException(
                $"{option} '{redacted}' is not a blob endpoint (https://ACCOUNT.blob.<suffix>): the table endpoint is derived from it");
        labels[1] = "table";
        var table = new UriBuilder(uri) { Host = string.Join('.', labels) }.Uri;
        return new StorageAccount(uri, table, null, $"account {labels[0]} (blob {Trim(uri)}, table {Trim(table)}, DefaultAzureCredential)");
    }

    private static string Trim(Uri uri) => uri.AbsoluteUri.TrimEnd('/');
}
