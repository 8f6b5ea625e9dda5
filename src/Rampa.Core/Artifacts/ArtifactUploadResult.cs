namespace Rampa.Core.Artifacts;

/// <summary>
/// What <see cref="ArtifactUploader.UploadFolderAsync"/> did: which files reached the store and, if some did not,
/// why, and that they are still in <see cref="LocalFolder"/>.
/// </summary>
public sealed record ArtifactUploadResult(
    string LocalFolder,
    string Location,
    IReadOnlyList<string> Uploaded,
    IReadOnlyList<string> NotUploaded,
    string? LastError)
{
    public bool Succeeded => NotUploaded.Count == 0;

    /// <summary>One line for the user, e.g. "artifacts: https://.../runs/ID/" or what stayed local and why.</summary>
    public string Summary => Succeeded
        ? $"artifacts: {Location} ({Uploaded.Count} file(s))"
        : $"artifacts: {NotUploaded.Count} of {Uploaded.Count + NotUploaded.Count} file(s) not uploaded to {Location} " +
          $"({LastError}); they are kept in {LocalFolder}";
}
