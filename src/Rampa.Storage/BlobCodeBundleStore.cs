using Azure;
using Azure.Storage.Blobs;

namespace Rampa.Storage;

/// <summary>
/// A C# scenario's build output in the cluster's container, under <c>bundles/&lt;hash&gt;/&lt;file&gt;</c>: the CLI
/// uploads it before submitting the run, each silo downloads it. The hash covers the files' names and contents, so
/// a file already under the hash is the same file and is not uploaded again.
/// </summary>
public sealed class BlobCodeBundleStore(BlobContainerClient container)
{
    public const string Prefix = "bundles/";

    public async Task UploadAsync(string hash, string localFolder, IReadOnlyList<string> files, CancellationToken ct)
    {
        await container.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
        foreach (var file in files)
        {
            var blob = container.GetBlobClient(BlobName(hash, file));
            if (await blob.ExistsAsync(ct).ConfigureAwait(false)) continue;
            await using var stream = File.OpenRead(Path.Combine(localFolder, file.Replace('/', Path.DirectorySeparatorChar)));
            try
            {
                await blob.UploadAsync(stream, overwrite: false, ct).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Another CLI uploaded the same bundle at the same moment: same hash, same content.
            }
        }
    }

    /// <summary>Downloads the bundle's files into <paramref name="targetFolder"/> (created).</summary>
    public async Task DownloadAsync(string hash, IReadOnlyList<string> files, string targetFolder, CancellationToken ct)
    {
        foreach (var file in files)
        {
            var path = Path.Combine(targetFolder, file.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await container.GetBlobClient(BlobName(hash, file)).DownloadToAsync(path, ct).ConfigureAwait(false);
        }
    }

    private static string BlobName(string hash, string file) => $"{Prefix}{hash}/{file}";
}
