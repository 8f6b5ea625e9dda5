using System.Net;
using System.Net.Sockets;
using Rampa.Core.Artifacts;
using Xunit.Abstractions;

namespace Rampa.Storage.Tests;

/// <summary>The store goes away: nothing throws, nothing local is lost, and the result says what stayed where and why.</summary>
public sealed class ArtifactUploaderFallbackTests(ITestOutputHelper output)
{
    private static readonly ArtifactUploadPolicy FastPolicy = new()
    {
        MaxAttempts = 3,
        BaseDelay = TimeSpan.FromMilliseconds(20),
        MaxDelay = TimeSpan.FromMilliseconds(100),
        AttemptTimeout = TimeSpan.FromSeconds(20),
    };

    [Fact]
    public async Task Closed_port_gives_up_after_the_policys_attempts_and_keeps_every_file_locally()
    {
        using var folder = TempArtifactFolder.WithTypicalRun();
        var closedPort = FreeTcpPort.Next();
        var store = ArtifactStoreConfig.Parse(
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{closedPort}/{AzuriteFixture.AccountName};").CreateStore();
        var failures = new List<ArtifactUploadAttemptFailed>();
        var uploader = new ArtifactUploader(FastPolicy) { AttemptFailed = failures.Add };

        var result = await uploader.UploadFolderAsync(folder.Path, "run-down", store, default);
        output.WriteLine(result.Summary);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Uploaded);
        Assert.Equal(folder.Names(), result.NotUploaded);
        Assert.Equal(Path.GetFullPath(folder.Path), result.LocalFolder);
        Assert.NotNull(result.LastError);
        Assert.DoesNotContain('\n', result.LastError);
        Assert.DoesNotContain(" at ", result.LastError); // no stack trace
        Assert.Contains("refused", result.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(folder.Path, result.Summary);
        Assert.Contains(store.Describe("run-down"), result.Summary);

        // Bounded: exactly the policy's attempts on the first file, then the store counts as unreachable.
        Assert.Equal(FastPolicy.MaxAttempts, failures.Count);
        Assert.All(failures, f => Assert.Equal(result.NotUploaded[0], f.Name));
        Assert.Equal([1, 2, 3], failures.Select(f => f.Attempt));
        Assert.Null(failures[^1].RetryDelay);
        Assert.All(failures.SkipLast(1), f => Assert.InRange(f.RetryDelay!.Value, TimeSpan.Zero, FastPolicy.MaxDelay));

        Assert.Equal(5, folder.Names().Count);
        Assert.Equal(5 * 1024 * 1024, folder.Read("screenshot.png").Length);
    }

    [Fact]
    public async Task Azurite_killed_after_the_first_file_reports_what_landed_and_what_stayed_local()
    {
        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        using var folder = TempArtifactFolder.WithTypicalRun();
        var before = folder.Names().ToDictionary(n => n, folder.Read);
        var store = ArtifactStoreConfig.Parse(azurite.ConnectionString).CreateStore();
        var uploader = new ArtifactUploader(FastPolicy)
        {
            FileUploaded = async (_, _) =>
            {
                if (azurite.IsRunning) await azurite.StopAsync();
            },
        };

        var result = await uploader.UploadFolderAsync(folder.Path, RunIds.New(), store, default);
        output.WriteLine(result.Summary);

        Assert.False(azurite.IsRunning);
        Assert.False(result.Succeeded);
        var names = folder.Names();
        Assert.Equal([names[0]], result.Uploaded);
        Assert.Equal(names.Skip(1), result.NotUploaded);
        Assert.False(string.IsNullOrWhiteSpace(result.LastError));
        Assert.DoesNotContain('\n', result.LastError!);
        Assert.Contains("kept in " + Path.GetFullPath(folder.Path), result.Summary);
        foreach (var (name, content) in before)
            Assert.True(content.AsSpan().SequenceEqual(folder.Read(name)), $"{name} changed on disk");
    }

    [Fact]
    public async Task Endpoint_that_accepts_but_never_answers_fails_each_attempt_by_its_timeout()
    {
        // A real socket that takes connections and never replies: only the per-attempt timeout ends an attempt.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<Socket>();
        using var stopAccepting = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            try { while (true) accepted.Add(await silent.AcceptSocketAsync(stopAccepting.Token)); }
            catch (OperationCanceledException) { }
        });
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var folder = new TempArtifactFolder();
        folder.Write("summary.json", "{}"u8.ToArray());
        var store = ArtifactStoreConfig.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=a;AccountKey={AzuriteFixture.AccountKey};BlobEndpoint=http://127.0.0.1:{port}/a;").CreateStore();
        var failures = new List<ArtifactUploadAttemptFailed>();
        var policy = FastPolicy with { MaxAttempts = 2, AttemptTimeout = TimeSpan.FromMilliseconds(300) };

        var result = await new ArtifactUploader(policy) { AttemptFailed = failures.Add }.UploadFolderAsync(folder.Path, "r", store, default);
        output.WriteLine(result.Summary);

        await stopAccepting.CancelAsync();
        await accepting;
        accepted.ForEach(s => s.Dispose());
        Assert.Equal(["summary.json"], result.NotUploaded);
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f => Assert.Equal("timed out after 0.3s", f.Error));
        Assert.Contains("timed out after 0.3s", result.LastError);
    }

    [Fact]
    public async Task Cancellation_throws_instead_of_reporting_a_store_failure()
    {
        using var folder = TempArtifactFolder.WithTypicalRun();
        var store = ArtifactStoreConfig.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=a;AccountKey={AzuriteFixture.AccountKey};BlobEndpoint=http://127.0.0.1:{FreeTcpPort.Next()}/a;").CreateStore();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new ArtifactUploader(FastPolicy).UploadFolderAsync(folder.Path, "r", store, cancelled.Token));
    }
}
