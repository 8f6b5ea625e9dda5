using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Rampa.Silo.Tests;

/// <summary>
/// An external Orleans client that finds the silos' gateways in the same Azure Table membership table, as any
/// client of a multi-process cluster would.
/// </summary>
public sealed class GatewayClient : IAsyncDisposable
{
    private readonly IHost _host;

    private GatewayClient(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<GatewayClient> ConnectAsync(string connectionString, string clusterId, TimeSpan timeout)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = "rampa";
            });
            client.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(connectionString));
        });
        var host = builder.Build();
        using var cancel = new CancellationTokenSource(timeout);
        await host.StartAsync(cancel.Token);
        return new GatewayClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try { await _host.StopAsync(cancel.Token); } catch (OperationCanceledException) { }
        _host.Dispose();
    }
}
