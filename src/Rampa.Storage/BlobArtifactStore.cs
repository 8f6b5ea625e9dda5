using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Rampa.Core.Artifacts;

namespace Rampa.Storage;

/// <summary>
/// Artifacts as blobs <c>runs/&lt;run-id&gt;/&lt;name&gt;</c> in one container, which the first upload creates if it is
/// missing. Retrying is left to the caller (see <see cref="BlobStoreClientOptions"/>).
/// </summary>
public sealed class BlobArtifactStore : IArtifactStore
{
    public const string RunsPrefix = "runs/";

    private readonly BlobContainerClient _container;
    private volatile bool _containerExists;

    public BlobArtifactStore(BlobContainerClient container)
    {
        ArgumentNullException.ThrowIfNull(container);
        _container = container;
    }

    public Uri ContainerUri => _container.Uri;

    public static string RunPrefix(string runId)
    {
        ArtifactNames.ValidateRunId(runId);
        return RunsPrefix + runId + "/";
    }

    public string Describe(string runId) => _container.Uri.AbsoluteUri.TrimEnd('/') + "/" + RunPrefix(runId);

    public async Task PutAsync(string runId, string name, Stream content, CancellationToken ct)
    {
        ArtifactNames.ValidateName(name);
        var blob = _container.GetBlobClient(RunPrefix(runId) + name);
        if (!_containerExists)
        {
            // Once per store: a second creation attempt after a race is harmless (it reports "exists").
            await _container.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
            _containerExists = true;
        }
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = ArtifactContentTypes.For(name) },
            TransferOptions = new StorageTransferOptions
            {
                InitialTransferSize = BlobStoreClientOptions.TransferChunkBytes,
                MaximumTransferSize = BlobStoreClientOptions.TransferChunkBytes,
                MaximumConcurrency = 2,
            },
        };
        await blob.UploadAsync(content, options, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> ListAsync(string runId, CancellationToken ct)
    {
        var prefix = RunPrefix(runId);
        var names = new List<string>();
        try
        {
            await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, ct).ConfigureAwait(false))
            {
                var name = item.Name[prefix.Length..];
                // Only the run's own flat artifacts: deeper blobs are not something this store wrote.
                if (ArtifactNames.IsValid(name)) names.Add(name);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return []; // no container yet: no run in it either
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public async Task<Stream?> OpenReadAsync(string runId, string name, CancellationToken ct)
    {
        ArtifactNames.ValidateName(name);
        var blob = _container.GetBlobClient(RunPrefix(runId) + name);
        try
        {
            var download = await blob.DownloadStreamingAsync(new BlobDownloadOptions(), ct).ConfigureAwait(false);
            return download.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
