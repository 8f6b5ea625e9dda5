using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rampa.DemoTarget;
using Rampa.Orleans.Contracts;
using Rampa.Orleans.Hosting;
using Rampa.Orleans.Remote;
using Rampa.Storage;
using Rampa.Storage.Tests;

namespace Rampa.Orleans.Tests;

/// <summary>
/// A silo's side of driving a cluster through storage: a real silo with the run inbox on a real Azurite takes a run
/// request from the mailbox, runs it, publishes its status, forwards a stop, and leaves the artifacts in the container.
/// </summary>
public sealed class RunInboxTests : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private readonly string _artifactRoot = Path.Combine(Path.GetTempPath(), "rampa-inbox-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private DemoTargetServer _target = null!;
    private IHost _host = null!;
    private BlobRunMailbox _mailbox = null!;
    private BlobArtifactStore _store = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _target = await DemoTargetServer.StartAsync();
        var container = ArtifactStoreConfig.Parse(_azurite.ConnectionString, "inbox-tests").CreateContainerClient();
        _mailbox = new BlobRunMailbox(container);
        _store = new BlobArtifactStore(container);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort(), FreePort(), serviceId: "rampa-tests", clusterId: "inbox-" + Guid.NewGuid().ToString("N")[..8]);
            silo.AddMemoryGrainStorageAsDefault();
            silo.AddRampa(a =>
            {
                a.LocalRoot = _artifactRoot;
                a.Store = _store;
            });
            silo.AddRampaRunInbox(_mailbox, o =>
            {
                o.ClusterId = "inbox-tests";
                o.PollInterval = TimeSpan.FromMilliseconds(200);
                o.TakeOverAfter = TimeSpan.FromSeconds(3);
            });
        });
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await _target.DisposeAsync();
        await _azurite.DisposeAsync();
        if (Directory.Exists(_artifactRoot)) Directory.Delete(_artifactRoot, recursive: true);
    }

    private RunRequest Request(string yaml) => new()
    {
        RunId = "r-" + Guid.NewGuid().ToString("N")[..12],
        FileName = "inbox.yaml",
        ScenarioText = yaml,
        BaseUrl = _target.BaseUrl.ToString(),
        Seed = 3,
    };

    private async Task<RunStatus> WaitAsync(string runId, Func<RunStatus, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await _mailbox.ReadStatusAsync(runId, CancellationToken.None) is { } read && RemoteRunJson.Read<RunStatus>(read.Status) is var status && until(status))
                return status;
            await Task.Delay(200);
        }
        throw new TimeoutException($"run {runId}: the status never matched");
    }

    [Fact]
    public async Task A_submitted_run_is_claimed_run_published_and_its_artifacts_land_in_the_container()
    {
        var request = Request("""
            scenarios:
              a:
                executor: shared-iterations
                vus: 3
                iterations: 30
                flow: [{ request: GET /json }]
            """);
        await _mailbox.SubmitAsync(request.RunId, RemoteRunJson.Write(request), CancellationToken.None);
        var status = await WaitAsync(request.RunId, s => s is { IsFinished: true, Artifacts: not null }, TimeSpan.FromSeconds(60));

        Assert.Equal(RunState.Completed, status.State);
        Assert.True(status.Artifacts!.Uploaded, status.Artifacts.Problem);
        Assert.Equal(30, status.Scenarios.Single().Completed);
        Assert.Equal(30, _target.RequestCount);
        Assert.Equal(["junit.xml", "metrics.csv", "report.html", "summary.json"], await _store.ListAsync(request.RunId, CancellationToken.None));
        // The claim names this silo; the inbox is empty again once the artifacts are written.
        Assert.NotNull(await _mailbox.ReadClaimAsync(request.RunId, CancellationToken.None));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((await _mailbox.InboxAsync(CancellationToken.None)).Count > 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Empty(await _mailbox.InboxAsync(CancellationToken.None));
        var beat = RemoteRunJson.Read<SiloHeartbeat>(Assert.Single(await _mailbox.ReadHeartbeatsAsync(CancellationToken.None)).Heartbeat);
        Assert.Equal("inbox-tests", beat.ClusterId);
    }

    [Fact]
    public async Task A_stop_written_to_storage_stops_the_run_with_a_partial_set()
    {
        var request = Request("""
            scenarios:
              a:
                executor: constant-vus
                vus: 2
                duration: 60s
                flow: [{ request: GET /json }, { think: 50ms }]
            """);
        await _mailbox.SubmitAsync(request.RunId, RemoteRunJson.Write(request), CancellationToken.None);
        await WaitAsync(request.RunId, s => s.State == RunState.Running && s.Scenarios.Sum(x => x.Completed) > 0, TimeSpan.FromSeconds(30));
        await _mailbox.RequestStopAsync(request.RunId, "interrupted by the user", CancellationToken.None);
        var status = await WaitAsync(request.RunId, s => s is { IsFinished: true, Artifacts: not null }, TimeSpan.FromSeconds(45));

        Assert.Equal(RunState.Interrupted, status.State);
        Assert.Equal("interrupted by the user", status.StopReason);
        Assert.Contains("summary.json", await _store.ListAsync(request.RunId, CancellationToken.None));
    }

    [Fact]
    public async Task A_fresh_claim_by_another_silo_is_respected_until_that_silo_is_silent_for_the_takeover_time()
    {
        var request = Request("""
            scenarios:
              a:
                executor: shared-iterations
                vus: 1
                iterations: 3
                flow: [{ request: GET /json }]
            """);
        Assert.True(await _mailbox.TryClaimAsync(request.RunId, "127.0.0.1:1@1", CancellationToken.None));
        await _mailbox.SubmitAsync(request.RunId, RemoteRunJson.Write(request), CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        // The claimer has written no status yet, but it claimed just now: nobody takes it over.
        Assert.Equal("127.0.0.1:1@1", (await _mailbox.ReadClaimAsync(request.RunId, CancellationToken.None))!.Value.Owner);
        Assert.Null(await _mailbox.ReadStatusAsync(request.RunId, CancellationToken.None));
        // Silent for longer than the takeover time: this silo takes the run over and runs it.
        var status = await WaitAsync(request.RunId, s => s is { IsFinished: true, Artifacts: not null }, TimeSpan.FromSeconds(30));
        Assert.Equal(RunState.Completed, status.State);
        Assert.NotEqual("127.0.0.1:1@1", (await _mailbox.ReadClaimAsync(request.RunId, CancellationToken.None))!.Value.Owner);
    }

    [Fact]
    public async Task A_request_nobody_can_read_gets_a_failed_status_instead_of_silence()
    {
        await _mailbox.SubmitAsync("r-garbage", "{ not json"u8.ToArray(), CancellationToken.None);
        var status = await WaitAsync("r-garbage", s => s.IsFinished, TimeSpan.FromSeconds(20));
        Assert.Equal(RunState.Failed, status.State);
        Assert.Contains("not valid", status.Error);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
