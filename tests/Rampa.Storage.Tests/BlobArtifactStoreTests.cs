using Azure.Storage.Blobs;
using Rampa.Core.Artifacts;

namespace Rampa.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class BlobArtifactStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Uploaded_folder_reads_back_byte_identical_through_a_fresh_store()
    {
        using var folder = TempArtifactFolder.WithTypicalRun();
        var runId = RunIds.New();
        var landed = new List<string>();
        var uploader = new ArtifactUploader { FileUploaded = (name, _) => { landed.Add(name); return Task.CompletedTask; } };

        var result = await uploader.UploadFolderAsync(folder.Path, runId, ArtifactStoreConfig.Parse(azurite.ConnectionString).CreateStore(), default);

        Assert.True(result.Succeeded, result.Summary);
        Assert.Equal(folder.Names(), result.Uploaded);
        Assert.Equal(folder.Names(), landed);
        Assert.Empty(result.NotUploaded);
        Assert.Null(result.LastError);

        var fresh = ArtifactStoreConfig.Parse(azurite.ConnectionString).CreateStore();
        Assert.Equal(folder.Names(), await fresh.ListAsync(runId, default));
        foreach (var name in folder.Names())
        {
            await using var stream = await fresh.OpenReadAsync(runId, name, default);
            Assert.NotNull(stream);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.True(folder.Read(name).AsSpan().SequenceEqual(copy.ToArray()), $"{name} differs after the round trip");
        }
    }

    [Fact]
    public async Task Blobs_live_under_runs_prefix_with_content_types_by_extension()
    {
        using var folder = TempArtifactFolder.WithTypicalRun();
        var runId = RunIds.New();
        var result = await new ArtifactUploader().UploadFolderAsync(folder.Path, runId, ArtifactStoreConfig.Parse(azurite.ConnectionString).CreateStore(), default);
        Assert.True(result.Succeeded, result.Summary);

        var container = new BlobContainerClient(azurite.ConnectionString, BlobContainerNames.Default);
        var expected = new Dictionary<string, string>
        {
            ["summary.json"] = "application/json",
            ["metrics.csv"] = "text/csv; charset=utf-8",
            ["report.html"] = "text/html; charset=utf-8",
            ["junit.xml"] = "application/xml",
            ["screenshot.png"] = "image/png",
        };
        foreach (var (name, contentType) in expected)
        {
            var properties = await container.GetBlobClient($"runs/{runId}/{name}").GetPropertiesAsync();
            Assert.Equal(contentType, properties.Value.ContentType);
        }
    }

    [Fact]
    public async Task Download_copies_every_artifact_of_the_run_to_a_folder()
    {
        using var folder = TempArtifactFolder.WithTypicalRun();
        using var target = new TempArtifactFolder();
        var runId = RunIds.New();
        var store = ArtifactStoreConfig.Parse(azurite.ConnectionString).CreateStore();
        Assert.True((await new ArtifactUploader().UploadFolderAsync(folder.Path, runId, store, default)).Succeeded);

        var copied = await ArtifactDownloader.DownloadAsync(store, runId, target.Path, default);

        Assert.Equal(folder.Names(), copied);
        Assert.Equal(folder.Names(), target.Names());
        foreach (var name in folder.Names())
            Assert.True(folder.Read(name).AsSpan().SequenceEqual(target.Read(name)), $"{name} differs after download");
    }

    [Fact]
    public async Task Download_through_the_run_url_printed_by_describe()
    {
        using var folder = TempArtifactFolder.WithTypicalRun();
        using var target = new TempArtifactFolder();
        var runId = RunIds.New();
        var store = ArtifactStoreConfig.Parse(azurite.ConnectionString).CreateStore();
        Assert.True((await new ArtifactUploader().UploadFolderAsync(folder.Path, runId, store, default)).Succeeded);

        var location = BlobRunLocation.Parse(store.Describe(runId));
        var copied = await ArtifactDownloader.DownloadAsync(location.ToConfig(azurite.ConnectionString).CreateStore(), location.RunId, target.Path, default);

        Assert.Equal(runId, location.RunId);
        Assert.Equal(folder.Names(), copied);
    }

    [Fact]
    public async Task Missing_run_and_missing_artifact_read_as_empty_and_null()
    {
        var store = ArtifactStoreConfig.Parse(azurite.ConnectionString, "never-written").CreateStore();

        Assert.Empty(await store.ListAsync("no-such-run", default));
        Assert.Null(await store.OpenReadAsync("no-such-run", "summary.json", default));
        using var target = new TempArtifactFolder();
        Assert.Empty(await ArtifactDownloader.DownloadAsync(store, "no-such-run", target.Path, default));
    }

    [Fact]
    public async Task Put_replaces_an_artifact_and_creates_a_missing_container()
    {
        var container = "c" + Guid.NewGuid().ToString("N")[..12];
        var store = ArtifactStoreConfig.Parse(azurite.ConnectionString, container).CreateStore();
        var runId = RunIds.New();

        await store.PutAsync(runId, "summary.json", new MemoryStream("{\"v\":1}"u8.ToArray()), default);
        await store.PutAsync(runId, "summary.json", new MemoryStream("{\"v\":2}"u8.ToArray()), default);

        await using var stream = await store.OpenReadAsync(runId, "summary.json", default);
        Assert.NotNull(stream);
        Assert.Equal("{\"v\":2}", await new StreamReader(stream).ReadToEndAsync());
        Assert.Equal(["summary.json"], await store.ListAsync(runId, default));
    }

    [Fact]
    public void Describe_names_the_container_uri_and_the_run_prefix()
    {
        var store = ArtifactStoreConfig.Parse(azurite.ConnectionString).CreateStore();

        Assert.Equal($"{azurite.BlobEndpoint}/rampa/runs/20261125-030833-c3c1/", store.Describe("20261125-030833-c3c1"));
    }

    [Fact]
    public void Describe_of_an_azure_endpoint_store()
    {
        var store = ArtifactStoreConfig.Parse("https://acct.blob.core.windows.net", "results").CreateStore();

        Assert.Equal("https://acct.blob.core.windows.net/results/runs/r1/", store.Describe("r1"));
    }
}
