using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rampa.DemoTarget;
using Rampa.Orleans.Hosting;

namespace Rampa.Orleans.Tests;

/// <summary>A real silo in the test process (localhost clustering on free ports) and the demo target beside it.</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    private IHost? _host;

    public IClusterClient Client { get; private set; } = null!;
    public DemoTargetServer Target { get; private set; } = null!;
    /// <summary>Where the orchestrators write the artifacts of finished runs (deleted afterwards).</summary>
    public string ArtifactRoot { get; } = Path.Combine(Path.GetTempPath(), "rampa-orleans-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        Target = await DemoTargetServer.StartAsync();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort(), FreePort(), serviceId: "rampa-tests", clusterId: "t-" + Guid.NewGuid().ToString("N"));
            silo.AddMemoryGrainStorageAsDefault();
            silo.AddRampa(artifacts => artifacts.LocalRoot = ArtifactRoot);
        });
        _host = builder.Build();
        await _host.StartAsync();
        Client = _host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>A run request for <paramref name="yaml"/>, aimed at the demo target, with a fixed seed.</summary>
    public Contracts.RunRequest Request(string yaml) => new()
    {
        RunId = "t-" + Guid.NewGuid().ToString("N")[..12],
        FileName = "test.yaml",
        ScenarioText = yaml,
        BaseUrl = Target.BaseUrl.ToString(),
        Seed = 7,
    };

    /// <summary>Polls the orchestrator until the run has a result (bounded by <paramref name="timeout"/>).</summary>
    public static async Task<Contracts.RunResult> WaitAsync(Grains.IRunOrchestratorGrain grain, TimeSpan timeout,
        Action<Contracts.RunStatus>? onStatus = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await grain.GetResult() is { } result) return result;
            onStatus?.Invoke(await grain.GetStatus());
            await Task.Delay(100);
        }
        throw new TimeoutException("the run did not finish");
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        await Target.DisposeAsync();
        if (Directory.Exists(ArtifactRoot)) Directory.Delete(ArtifactRoot, recursive: true);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

[CollectionDefinition("silo")]
public sealed class SiloCollection : ICollectionFixture<SiloFixture>;
