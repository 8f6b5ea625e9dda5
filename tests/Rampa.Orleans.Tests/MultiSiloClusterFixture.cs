using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Rampa.Core.Metrics;
using Rampa.DemoTarget;
using Rampa.Orleans.Hosting;

namespace Rampa.Orleans.Tests;

/// <summary>
/// A real cluster of three silos in the test process (Orleans' TestCluster) and the demo target beside it. The silos
/// share one <see cref="InMemoryIntervalLog"/>, standing in for the blob log of a real cluster: a histogram grain
/// reactivated on another silo then replays what its previous activation stored.
/// </summary>
public sealed class MultiSiloClusterFixture : IAsyncLifetime
{
    public const int SiloCount = 3;

    /// <summary>Shared by the silos of the cluster (a silo configurator is built by type, so it reaches this statically).</summary>
    public static InMemoryIntervalLog Log { get; } = new();

    private static readonly string ArtifactRoot = Path.Combine(Path.GetTempPath(), "rampa-cluster-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public TestCluster Cluster { get; private set; } = null!;
    public DemoTargetServer Target { get; private set; } = null!;
    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        Target = await DemoTargetServer.StartAsync();
        var builder = new TestClusterBuilder(SiloCount);
        builder.Options.ClusterId = "rampa-c-" + Guid.NewGuid().ToString("N")[..8];
        builder.AddSiloBuilderConfigurator<RampaSilo>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public Contracts.RunRequest Request(string yaml) => new()
    {
        RunId = "c-" + Guid.NewGuid().ToString("N")[..12],
        FileName = "test.yaml",
        ScenarioText = yaml,
        BaseUrl = Target.BaseUrl.ToString(),
        Seed = 7,
    };

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }
        await Target.DisposeAsync();
        if (Directory.Exists(ArtifactRoot)) Directory.Delete(ArtifactRoot, recursive: true);
    }

    private sealed class RampaSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorageAsDefault();
            // Registered before AddRampa, which then keeps it rather than adding a per-silo in-memory log.
            silo.Services.AddSingleton<IIntervalLog>(Log);
            silo.AddRampa(artifacts => artifacts.LocalRoot = ArtifactRoot);
        }
    }
}

/// <summary>Alone, after the other collections: three silos and a run would starve the timing-sensitive single-silo tests on 2 cores.</summary>
[CollectionDefinition("cluster", DisableParallelization = true)]
public sealed class MultiSiloClusterCollection : ICollectionFixture<MultiSiloClusterFixture>;
