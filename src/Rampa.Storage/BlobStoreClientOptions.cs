using Azure.Core;
using Azure.Storage.Blobs;

namespace Rampa.Storage;

/// <summary>
/// The Blob SDK's options for artifact stores. Its own retries are kept to one, with short waits, because
/// ArtifactUploader does the retrying and must give up in bounded time; the SDK default (3 retries, up to 2 min
/// of waits, a 100 s network timeout) would multiply with it.
/// </summary>
public static class BlobStoreClientOptions
{
    /// <summary>The SDK sends a blob in one request up to this size and in blocks of it above: each request stays short.</summary>
    public const int TransferChunkBytes = 4 * 1024 * 1024;

    public static BlobClientOptions Create() => new()
    {
        Retry =
        {
            Mode = RetryMode.Exponential,
            MaxRetries = 1,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(1),
            NetworkTimeout = TimeSpan.FromSeconds(30),
        },
    };
}
