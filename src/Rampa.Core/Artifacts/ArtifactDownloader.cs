namespace Rampa.Core.Artifacts;

/// <summary>
/// Copies a run's artifacts from a store into a local folder, e.g. for <c>rampa report</c> given a blob URL.
/// Each file is written under a temporary name and renamed when complete, so a broken download leaves no
/// truncated artifact behind. Store errors propagate: the caller has nothing local to fall back on.
/// </summary>
public static class ArtifactDownloader
{
    /// <summary>The names copied into <paramref name="localFolder"/>; empty when the store has no artifact for the run.</summary>
    public static async Task<IReadOnlyList<string>> DownloadAsync(IArtifactStore store, string runId, string localFolder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArtifactNames.ValidateRunId(runId);
        var names = await store.ListAsync(runId, ct).ConfigureAwait(false);
        var copied = new List<string>(names.Count);
        if (names.Count == 0) return copied;

        var folder = Path.GetFullPath(localFolder);
        Directory.CreateDirectory(folder);
        foreach (var name in names)
        {
            ArtifactNames.ValidateName(name);
            await using var source = await store.OpenReadAsync(runId, name, ct).ConfigureAwait(false);
            if (source is null) continue; // deleted between the listing and now
            var path = Path.Combine(folder, name);
            var partial = path + ".download";
            try
            {
                await using (var target = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None,
                                 bufferSize: 81920, FileOptions.Asynchronous))
                {
                    await source.CopyToAsync(target, ct).ConfigureAwait(false);
                }
                File.Move(partial, path, overwrite: true);
            }
            finally
            {
                File.Delete(partial);
            }
            copied.Add(name);
        }
        return copied;
    }
}
