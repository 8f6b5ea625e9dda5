using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Rampa.Orleans.Hosting;

namespace Rampa.Cli;

/// <summary>
/// The single-process scale: one silo hosted in the CLI's own process, localhost clustering on free ports (so two
/// runs never collide), memory grain storage. The client is the silo's own <see cref="IClusterClient"/>.
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedCluster(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Client { get; }

    public static async Task<EmbeddedCluster> StartAsync(string clusterId, Action<Rampa.Orleans.Runtime.ArtifactOptions>? artifacts = null,
        CancellationToken cancellation = default)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        var level = Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("RAMPA_LOG_LEVEL"), true, out var l) ? l : LogLevel.Error;
        builder.Logging.SetMinimumLevel(level);
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; }).AddFilter((_, lvl) => lvl >= level);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        var siloPort = FreePort();
        var gatewayPort = FreePort();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: "rampa", clusterId: clusterId);
            silo.Configure<EndpointOptions>(o => o.AdvertisedIPAddress = IPAddress.Loopback);
            silo.AddMemoryGrainStorageAsDefault();
            silo.AddRampa(artifacts);
        });
        var host = builder.Build();
        await host.StartAsync(cancellation).ConfigureAwait(false);
        return new EmbeddedCluster(host);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _host.StopAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A silo that does not stop in 10s is abandoned: the process is about to exit anyway.
        }
        _host.Dispose();
    }
}
