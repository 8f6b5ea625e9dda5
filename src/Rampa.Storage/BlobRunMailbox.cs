using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Rampa.Core.Artifacts;

namespace Rampa.Storage;

/// <summary>
/// How a CLI drives a remote cluster through Azure Storage alone (docs/architecture.md#driving-a-remote-cluster-through-storage): no inbound endpoint, only the
/// user's own storage rights. Blobs in one container:
/// <list type="bullet">
/// <item><c>inbox/&lt;run-id&gt;.json</c>: a submitted run request (written by the CLI, removed when the run is over);</item>
/// <item><c>claims/&lt;run-id&gt;</c>: the silo that hands the run to its orchestrator (created once, If-None-Match: *, so
/// exactly one silo wins; taken over by a conditional overwrite when its owner stops publishing);</item>
/// <item><c>status/&lt;run-id&gt;.json</c>: the run's status, rewritten each second by the claiming silo;</item>
/// <item><c>stop/&lt;run-id&gt;</c>: a stop asked by the CLI (Ctrl-C), with its reason;</item>
/// <item><c>silos/&lt;silo&gt;.json</c>: each silo's heartbeat, rewritten every few seconds (<c>rampa cluster status</c>).</item>
/// </list>
/// The artifacts come back through the artifact store (<c>runs/&lt;run-id&gt;/</c>, <see cref="BlobArtifactStore"/>).
/// Payloads are opaque bytes here; the Orleans side serializes its request and status.
/// </summary>
public sealed class BlobRunMailbox(BlobContainerClient container)
{
    public const string InboxPrefix = "inbox/";
    public const string ClaimsPrefix = "claims/";
    public const string StatusPrefix = "status/";
    public const string StopPrefix = "stop/";
    public const string SilosPrefix = "silos/";

    private volatile bool _containerExists;

    public Uri ContainerUri => container.Uri;

    public async Task SubmitAsync(string runId, byte[] request, CancellationToken ct)
    {
        await EnsureContainerAsync(ct).ConfigureAwait(false);
        await Blob(InboxPrefix, runId, ".json").UploadAsync(new BinaryData(request), overwrite: false, ct).ConfigureAwait(false);
    }

    /// <summary>The run ids waiting in the inbox (claimed or not), oldest name first.</summary>
    public async Task<IReadOnlyList<string>> InboxAsync(CancellationToken ct)
    {
        var ids = new List<string>();
        try
        {
            await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = InboxPrefix }, ct).ConfigureAwait(false))
            {
                var name = item.Name[InboxPrefix.Length..];
                if (name.EndsWith(".json", StringComparison.Ordinal)) ids.Add(name[..^5]);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return []; // no container yet: nothing was submitted
        }
        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    public Task<byte[]?> ReadRequestAsync(string runId, CancellationToken ct) => ReadAsync(Blob(InboxPrefix, runId, ".json"), ct);

    /// <summary>Removes a finished run's request from the inbox (its claim and status stay: the run's record).</summary>
    public async Task RemoveRequestAsync(string runId, CancellationToken ct) =>
        await Blob(InboxPrefix, runId, ".json").DeleteIfExistsAsync(cancellationToken: ct).ConfigureAwait(false);

    /// <summary>Claims a run for <paramref name="owner"/>; false when another owner holds it already.</summary>
    public async Task<bool> TryClaimAsync(string runId, string owner, CancellationToken ct)
    {
        await EnsureContainerAsync(ct).ConfigureAwait(false);
        try
        {
            await Blob(ClaimsPrefix, runId, "").UploadAsync(BinaryData.FromString(owner),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>
    /// The claim's owner, its ETag (for a conditional takeover) and when it was written (a fresh claim has no status
    /// yet: its owner is not silent), or null when nobody claimed the run.
    /// </summary>
    public async Task<(string Owner, ETag ETag, DateTimeOffset Written)?> ReadClaimAsync(string runId, CancellationToken ct)
    {
        try
        {
            var result = await Blob(ClaimsPrefix, runId, "").DownloadContentAsync(ct).ConfigureAwait(false);
            return (result.Value.Content.ToString(), result.Value.Details.ETag, result.Value.Details.LastModified);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Takes over a claim whose owner went silent: succeeds only if nobody changed it since it was read.</summary>
    public async Task<bool> TryTakeOverAsync(string runId, string owner, ETag seen, CancellationToken ct)
    {
        try
        {
            await Blob(ClaimsPrefix, runId, "").UploadAsync(BinaryData.FromString(owner),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfMatch = seen } }, ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    public async Task WriteStatusAsync(string runId, byte[] status, CancellationToken ct) =>
        await Blob(StatusPrefix, runId, ".json").UploadAsync(new BinaryData(status), overwrite: true, ct).ConfigureAwait(false);

    /// <summary>The last status written and when, or null before the first.</summary>
    public async Task<(byte[] Status, DateTimeOffset Written)?> ReadStatusAsync(string runId, CancellationToken ct)
    {
        try
        {
            var result = await Blob(StatusPrefix, runId, ".json").DownloadContentAsync(ct).ConfigureAwait(false);
            return (result.Value.Content.ToArray(), result.Value.Details.LastModified);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task RequestStopAsync(string runId, string reason, CancellationToken ct)
    {
        await EnsureContainerAsync(ct).ConfigureAwait(false);
        await Blob(StopPrefix, runId, "").UploadAsync(BinaryData.FromString(reason), overwrite: true, ct).ConfigureAwait(false);
    }

    /// <summary>The reason of a stop the CLI asked for, or null.</summary>
    public async Task<string?> StopRequestedAsync(string runId, CancellationToken ct) =>
        await ReadAsync(Blob(StopPrefix, runId, ""), ct).ConfigureAwait(false) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;

    public async Task WriteHeartbeatAsync(string silo, byte[] heartbeat, CancellationToken ct)
    {
        await EnsureContainerAsync(ct).ConfigureAwait(false);
        await container.GetBlobClient(SilosPrefix + SafeName(silo) + ".json").UploadAsync(new BinaryData(heartbeat), overwrite: true, ct).ConfigureAwait(false);
    }

    /// <summary>Every silo's last heartbeat and when it was written.</summary>
    public async Task<IReadOnlyList<(byte[] Heartbeat, DateTimeOffset Written)>> ReadHeartbeatsAsync(CancellationToken ct)
    {
        var beats = new List<(byte[], DateTimeOffset)>();
        try
        {
            await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = SilosPrefix }, ct).ConfigureAwait(false))
                if (await ReadAsync(container.GetBlobClient(item.Name), ct).ConfigureAwait(false) is { } bytes)
                    beats.Add((bytes, item.Properties.LastModified ?? DateTimeOffset.MinValue));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
        return beats;
    }

    public async Task RemoveHeartbeatAsync(string silo, CancellationToken ct) =>
        await container.GetBlobClient(SilosPrefix + SafeName(silo) + ".json").DeleteIfExistsAsync(cancellationToken: ct).ConfigureAwait(false);

    /// <summary>A silo address (<c>127.0.0.1:11111@123</c>) as one blob name segment.</summary>
    private static string SafeName(string silo) => string.Concat(silo.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_'));

    private BlobClient Blob(string prefix, string runId, string suffix)
    {
        ArtifactNames.ValidateRunId(runId);
        return container.GetBlobClient(prefix + runId + suffix);
    }

    private static async Task<byte[]?> ReadAsync(BlobClient blob, CancellationToken ct)
    {
        try
        {
            return (await blob.DownloadContentAsync(ct).ConfigureAwait(false)).Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private async Task EnsureContainerAsync(CancellationToken ct)
    {
        if (_containerExists) return;
        await container.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
        _containerExists = true;
    }
}
