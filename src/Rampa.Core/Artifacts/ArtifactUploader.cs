namespace Rampa.Core.Artifacts;

/// <summary>
/// Copies a run's local artifact folder to a store. Each file is streamed from disk and retried with exponential
/// backoff and jitter. A store failure never throws: once a file has used all its attempts the store is taken as
/// unreachable, the remaining files are not tried, and the result lists every file that stayed local and why.
/// </summary>
public sealed class ArtifactUploader
{
    private readonly Random _jitter;

    public ArtifactUploader(ArtifactUploadPolicy? policy = null, Random? jitter = null)
    {
        Policy = policy ?? ArtifactUploadPolicy.Default;
        Policy.Validate();
        _jitter = jitter ?? Random.Shared;
    }

    public ArtifactUploadPolicy Policy { get; }

    /// <summary>Called after each file has landed in the store, with its name (before the next file starts).</summary>
    public Func<string, CancellationToken, Task>? FileUploaded { get; init; }

    /// <summary>Called after each failed attempt, e.g. to print "retrying in 2s".</summary>
    public Action<ArtifactUploadAttemptFailed>? AttemptFailed { get; init; }

    /// <summary>
    /// Uploads every file directly in <paramref name="localFolder"/> (ordinal name order) as the run's artifacts.
    /// Throws only for a missing folder, bad names, or cancellation through <paramref name="ct"/>.
    /// </summary>
    public async Task<ArtifactUploadResult> UploadFolderAsync(string localFolder, string runId, IArtifactStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArtifactNames.ValidateRunId(runId);
        var folder = Path.GetFullPath(localFolder);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"artifact folder not found: {folder}");

        var files = Directory.EnumerateFiles(folder)
            .Select(p => Path.GetFileName(p)!)
            .Where(ArtifactNames.IsValid)
            .Order(StringComparer.Ordinal)
            .ToList();
        var location = store.Describe(runId);
        var uploaded = new List<string>();

        for (var i = 0; i < files.Count; i++)
        {
            var name = files[i];
            var error = await UploadWithRetryAsync(Path.Combine(folder, name), runId, name, store, ct).ConfigureAwait(false);
            if (error is not null)
                return new ArtifactUploadResult(folder, location, uploaded, files.GetRange(i, files.Count - i), error);

            uploaded.Add(name);
            if (FileUploaded is not null)
                await FileUploaded(name, ct).ConfigureAwait(false);
        }
        return new ArtifactUploadResult(folder, location, uploaded, [], null);
    }

    /// <summary>Null when the file landed; else the last attempt's error, one line.</summary>
    private async Task<string?> UploadWithRetryAsync(string path, string runId, string name, IArtifactStore store, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            string error;
            using (var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                attemptTimeout.CancelAfter(Policy.AttemptTimeout);
                try
                {
                    // Reopened for every attempt: a retry starts from the file's first byte.
                    await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read,
                        bufferSize: 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
                    await store.PutAsync(runId, name, file, attemptTimeout.Token).ConfigureAwait(false);
                    return null;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception) when (attemptTimeout.IsCancellationRequested)
                {
                    error = $"timed out after {Policy.AttemptTimeout.TotalSeconds:0.#}s";
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    error = OneLineError.Of(e);
                }
            }

            var giveUp = attempt >= Policy.MaxAttempts;
            TimeSpan? delay = giveUp ? null : Policy.DelayAfter(attempt, _jitter);
            AttemptFailed?.Invoke(new ArtifactUploadAttemptFailed(name, attempt, Policy.MaxAttempts, error, delay));
            if (delay is null)
                return $"{name}: {error} (after {attempt} attempt(s))";
            await Task.Delay(delay.Value, ct).ConfigureAwait(false);
        }
    }
}
