using System.Diagnostics;
using Rampa.Storage.Tests;
using Xunit.Abstractions;

namespace Rampa.Silo.Tests;

/// <summary>
/// Real silo processes on a real Azurite: they form one cluster through the Azure Table membership table (an external
/// client finds a gateway there and sees 3 hosts), one that gets SIGTERM leaves it gracefully while the others stay,
/// and one that is killed is voted dead within seconds.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ClusterTests(AzuriteFixture azurite, ITestOutputHelper log) : IAsyncLifetime
{
    private static readonly TimeSpan FormTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(30);
    private const string ActiveLine = "rampa silo: active in cluster";

    private readonly string _workDir = Directory.CreateTempSubdirectory("rampa-silo-tests-").FullName;
    private readonly List<SiloProcess> _silos = [];

    [Fact]
    public async Task Three_silos_form_one_cluster_and_a_SIGTERMed_one_leaves_gracefully()
    {
        var clusterId = "test-" + Guid.NewGuid().ToString("N")[..12];
        var table = new MembershipTable(azurite.FullConnectionString);

        var forming = Stopwatch.StartNew();
        foreach (var name in new[] { "silo-a", "silo-b", "silo-c" })
            _silos.Add(SiloProcess.Start(_workDir, "--storage", azurite.FullConnectionString, "--cluster-id", clusterId, "--name", name));
        foreach (var silo in _silos) await silo.WaitForOutputAsync(ActiveLine, FormTimeout);
        var rows = await table.WaitUntilAsync(clusterId, r => r.Count(x => x.Status == "Active") == 3, FormTimeout, "3 Active rows");
        log.WriteLine($"3 silos Active in the membership table after {forming.Elapsed.TotalSeconds:0.0}s");
        Assert.Equal(["silo-a", "silo-b", "silo-c"], rows.Select(r => r.SiloName).Order());
        Assert.Equal(3, rows.Select(r => r.Address).Distinct().Count());
        // The start line names what a person needs and never the account key.
        Assert.Contains($"in cluster {clusterId}", _silos[0].Stdout);
        Assert.Contains("gateway port", _silos[0].Stdout);
        Assert.DoesNotContain(AzuriteFixture.AccountKey, _silos[0].Stdout + _silos[0].Stderr);

        // A client reaches the cluster through a gateway it found in the table, and the cluster agrees it has 3 silos.
        await using (var gateway = await GatewayClient.ConnectAsync(azurite.FullConnectionString, clusterId, TimeSpan.FromSeconds(30)))
        {
            var hosts = await gateway.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            Assert.Equal(3, hosts.Count);
        }

        var leaving = Stopwatch.StartNew();
        _silos[0].Terminate();
        Assert.Equal(0, await _silos[0].WaitForExitAsync(LeaveTimeout));
        log.WriteLine($"the SIGTERMed silo exited after {leaving.Elapsed.TotalSeconds:0.0}s");
        Assert.Contains("stopped; left cluster", _silos[0].Stdout);
        rows = await table.WaitUntilAsync(clusterId, r => r.Single(x => x.SiloName == "silo-a").Status != "Active", LeaveTimeout,
            "silo-a no longer Active");
        log.WriteLine($"silo-a's row is {rows.Single(x => x.SiloName == "silo-a").Status} after {leaving.Elapsed.TotalSeconds:0.0}s");
        Assert.Equal("Dead", rows.Single(x => x.SiloName == "silo-a").Status);

        // A graceful leave is not a failure the others must vote on: they stay Active and keep running.
        await Task.Delay(TimeSpan.FromSeconds(3));
        rows = await table.RowsAsync(clusterId);
        Assert.All(rows.Where(r => r.SiloName != "silo-a"), r => Assert.Equal("Active", r.Status));
        Assert.False(_silos[1].HasExited);
        Assert.False(_silos[2].HasExited);
    }

    [Fact]
    public async Task A_killed_silo_is_declared_dead_by_the_others_within_seconds()
    {
        var clusterId = "test-" + Guid.NewGuid().ToString("N")[..12];
        var table = new MembershipTable(azurite.FullConnectionString);
        foreach (var name in new[] { "silo-x", "silo-y", "silo-z" })
            _silos.Add(SiloProcess.Start(_workDir, "--storage", azurite.FullConnectionString, "--cluster-id", clusterId, "--name", name));
        foreach (var silo in _silos) await silo.WaitForOutputAsync(ActiveLine, FormTimeout);
        await table.WaitUntilAsync(clusterId, r => r.Count(x => x.Status == "Active") == 3, FormTimeout, "3 Active rows");

        var killed = Stopwatch.StartNew();
        await _silos[0].DisposeAsync(); // SIGKILL: no chance to leave
        var rows = await table.WaitUntilAsync(clusterId, r => r.Single(x => x.SiloName == "silo-x").Status == "Dead",
            TimeSpan.FromSeconds(40), "silo-x voted Dead");
        log.WriteLine($"the killed silo was declared Dead after {killed.Elapsed.TotalSeconds:0.0}s");
        // Orleans' defaults take ~12 s or more; the fast profile should clearly beat that.
        Assert.True(killed.Elapsed < TimeSpan.FromSeconds(20), $"declared dead only after {killed.Elapsed}");
        Assert.Equal(2, rows.Count(r => r.Status == "Active"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos) await silo.DisposeAsync();
        try { Directory.Delete(_workDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
