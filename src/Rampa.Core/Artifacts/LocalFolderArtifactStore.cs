namespace Rampa.Core.Artifacts;

/// <summary>Artifacts as files: <c>&lt;root&gt;/&lt;run-id&gt;/&lt;name&gt;</c>.</summary>
public sealed class LocalFolderArtifactStore : IArtifactStore
{
    // An artifact is written under this suffix and renamed when complete, so a reader never sees half a file.
    private const string PartialSuffix = ".partial";

    public LocalFolderArtifactStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public string RunFolder(string runId)
    {
        ArtifactNames.ValidateRunId(runId);
        return Path.Combine(Root, runId);
    }

    public string Describe(string runId) => RunFolder(runId) + Path.DirectorySeparatorChar;

    public async Task PutAsync(string runId, string name, Stream content, CancellationToken ct)
    {
        ArtifactNames.ValidateName(name);
        var folder = RunFolder(runId);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        var partial = path + "." + Guid.NewGuid().ToString("N")[..8] + PartialSuffix;
        try
        {
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None,
                             bufferSize: 81920, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, ct).ConfigureAwait(false);
            }
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial); // no-op once moved
        }
    }

    public Task<IReadOnlyList<string>> ListAsync(string runId, CancellationToken ct)
    {
        var folder = RunFolder(runId);
        IReadOnlyList<string> names = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder)
                .Select(Path.GetFileName)
                .OfType<string>()
                .Where(n => !n.EndsWith(PartialSuffix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        return Task.FromResult(names);
    }

    public Task<Stream?> OpenReadAsync(string runId, string name, CancellationToken ct)
    {
        ArtifactNames.ValidateName(name);
        var path = Path.Combine(RunFolder(runId), name);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read,
                bufferSize: 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }
}
