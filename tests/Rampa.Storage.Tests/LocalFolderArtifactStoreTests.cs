using Rampa.Core.Artifacts;

namespace Rampa.Storage.Tests;

public sealed class LocalFolderArtifactStoreTests
{
    [Fact]
    public async Task Upload_list_read_and_download_round_trip_through_a_folder()
    {
        using var source = TempArtifactFolder.WithTypicalRun();
        using var root = new TempArtifactFolder();
        using var target = new TempArtifactFolder();
        var store = new LocalFolderArtifactStore(root.Path);

        var result = await new ArtifactUploader().UploadFolderAsync(source.Path, "r1", store, default);

        Assert.True(result.Succeeded, result.Summary);
        Assert.Equal(Path.Combine(root.Path, "r1") + Path.DirectorySeparatorChar, result.Location);
        Assert.Equal(source.Names(), await store.ListAsync("r1", default));
        await using (var summary = await store.OpenReadAsync("r1", "summary.json", default))
        {
            Assert.NotNull(summary);
            using var copy = new MemoryStream();
            await summary.CopyToAsync(copy);
            Assert.Equal(source.Read("summary.json"), copy.ToArray());
        }

        Assert.Equal(source.Names(), await ArtifactDownloader.DownloadAsync(store, "r1", target.Path, default));
        foreach (var name in source.Names())
            Assert.True(source.Read(name).AsSpan().SequenceEqual(target.Read(name)), $"{name} differs");
    }

    [Fact]
    public async Task Missing_run_or_artifact_is_empty_or_null_not_an_error()
    {
        using var root = new TempArtifactFolder();
        var store = new LocalFolderArtifactStore(root.Path);

        Assert.Empty(await store.ListAsync("nothing", default));
        Assert.Null(await store.OpenReadAsync("nothing", "summary.json", default));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("")]
    public async Task Names_that_would_leave_the_run_folder_are_refused(string name)
    {
        using var root = new TempArtifactFolder();
        var store = new LocalFolderArtifactStore(root.Path);

        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync("r1", name, new MemoryStream([1]), default));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ListAsync(name, default));
    }
}
