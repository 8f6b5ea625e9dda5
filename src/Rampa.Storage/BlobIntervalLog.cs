using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Rampa.Core.Metrics;

namespace Rampa.Storage;

/// <summary>
/// The histogram grains' interval log in Azure Blob storage, for a cluster whose silos can die: one block blob per
/// accepted snapshot, <c>runs/&lt;run-id&gt;/intervals/&lt;shard&gt;/&lt;silo&gt;-&lt;sequence&gt;</c> (the silo's name
/// base64url-encoded, since a silo address holds ':' and '@'; the sequence zero-padded to 19 digits, so names sort by
/// it), its position in the blob's metadata. A blob is written once: the upload is conditional on the blob not existing
/// (If-None-Match: *), so a retried flush that was stored but not acknowledged writes nothing, keeps its first
/// position, and still succeeds. The container is created if missing.
/// <para>
/// Cost: one small PUT per snapshot per shard (the flush already batches a silo's second into one snapshot per shard),
/// and on a grain's activation one LIST plus one GET per stored snapshot, <see cref="ReadParallelism"/> at a time.
/// </para>
/// </summary>
public sealed class BlobIntervalLog : IIntervalLog
{
    /// <summary>Concurrent downloads when a moved grain replays its shard.</summary>
    public const int ReadParallelism = 16;

    private readonly BlobContainerClient _container;
    private volatile bool _containerExists;

    public BlobIntervalLog(BlobContainerClient container)
    {
        ArgumentNullException.ThrowIfNull(container);
        _container = container;
    }

    /// <summary>The folder of one shard's snapshots: <c>runs/&lt;run-id&gt;/intervals/&lt;shard&gt;/</c>.</summary>
    public static string ShardPrefix(string runId, int shard)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        return BlobArtifactStore.RunPrefix(runId) + "intervals/" + shard.ToString(CultureInfo.InvariantCulture) + "/";
    }

    /// <summary>The blob name of one snapshot.</summary>
    public static string BlobName(string runId, int shard, string silo, long sequence)
    {
        ArgumentException.ThrowIfNullOrEmpty(silo);
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        return ShardPrefix(runId, shard) + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(silo)) + "-" +
               sequence.ToString("D19", CultureInfo.InvariantCulture);
    }

    /// <summary>The metadata entry holding a snapshot's <see cref="IntervalRecord.Position"/>.</summary>
    public const string PositionMetadata = "position";

    public async Task AppendAsync(string runId, int shard, IntervalRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var blob = _container.GetBlobClient(BlobName(runId, shard, record.Silo, record.Sequence));
        if (!_containerExists)
        {
            // Once per log: a second creation attempt after a race is harmless (it reports "exists").
            await _container.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
            _containerExists = true;
        }
        try
        {
            await blob.UploadAsync(new BinaryData(record.Snapshot), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                Metadata = new Dictionary<string, string> { [PositionMetadata] = record.Position.ToString(CultureInfo.InvariantCulture) },
            }, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 409 || e.ErrorCode == BlobErrorCode.BlobAlreadyExists)
        {
            // Stored by an earlier attempt of the same flush: the same (silo, sequence) always carries the same bytes.
        }
    }

    public async Task<IReadOnlyList<IntervalRecord>> ReadAsync(string runId, int shard, CancellationToken ct = default, Func<string, long, bool>? known = null)
    {
        var prefix = ShardPrefix(runId, shard);
        var names = new List<(string Blob, long Position, string Silo, long Sequence)>();
        try
        {
            var listing = new GetBlobsOptions { Prefix = prefix, Traits = BlobTraits.Metadata };
            await foreach (var item in _container.GetBlobsAsync(listing, ct).ConfigureAwait(false))
                if (Parse(item.Name[prefix.Length..]) is { } parsed && known?.Invoke(parsed.Silo, parsed.Sequence) != true
                    && item.Metadata.TryGetValue(PositionMetadata, out var p)
                    && long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var position))
                    names.Add((item.Name, position, parsed.Silo, parsed.Sequence));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return []; // no container yet: nothing was ever stored
        }
        var records = new ConcurrentBag<IntervalRecord>();
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = ct },
            async (n, token) =>
            {
                var content = await _container.GetBlobClient(n.Blob).DownloadContentAsync(token).ConfigureAwait(false);
                records.Add(new IntervalRecord(n.Position, n.Silo, n.Sequence, content.Value.Content.ToArray()));
            }).ConfigureAwait(false);
        // Two records share a position only if a dying activation's write landed late; replay dedups either way.
        return records.OrderBy(r => r.Position).ThenBy(r => r.Silo, StringComparer.Ordinal).ThenBy(r => r.Sequence).ToList();
    }

    /// <summary>(silo, sequence) from a name this log wrote; null for any other blob under the prefix.</summary>
    private static (string Silo, long Sequence)? Parse(string name)
    {
        // base64url may itself hold '-', the zero-padded sequence never does: the last '-' separates them.
        var dash = name.LastIndexOf('-');
        if (dash <= 0) return null;
        if (!long.TryParse(name.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)) return null;
        var encoded = name.AsSpan(0, dash);
        if (!Base64Url.IsValid(encoded)) return null;
        return (Encoding.UTF8.GetString(Base64Url.DecodeFromChars(encoded)), sequence);
    }
}
