using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Orleans.Configuration;
using Rampa.Orleans.Hosting;
using Rampa.Storage;

namespace Rampa.Silo;

/// <summary>
/// One silo of a multi-process (or distributed) Rampa cluster: membership in Azure Table storage, grain state and
/// run artifacts in Azure Blob storage, all in the account <see cref="RampaSiloOptions.Storage"/> names.
/// </summary>
public static class RampaSiloHost
{
    /// <summary>The blob container run artifacts are uploaded to.</summary>
    public const string ArtifactContainer = "rampa";

    /// <summary>The named grain storage (also registered as the default) for grains that persist state.</summary>
    public const string GrainStorageName = "rampa";

    /// <summary>
    /// A host builder with the silo configured, so the caller can add services before <c>Build()</c>. The ports are
    /// fixed here (free ones where the options say 0) and registered as <see cref="SiloEndpoints"/>.
    /// </summary>
    /// <param name="telemetry">The telemetry that exports the runs this silo orchestrates (frames reach it as an <see cref="Rampa.Core.Live.ILiveFrameObserver"/>), or null.</param>
    public static HostApplicationBuilder CreateBuilder(RampaSiloOptions options, Rampa.Telemetry.RunTelemetry? telemetry = null)
    {
        var endpoints = SiloEndpoints.Resolve(options);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(endpoints);
        if (telemetry is not null) builder.Services.AddSingleton<Rampa.Core.Live.ILiveFrameObserver>(telemetry);
        // SIGTERM and Ctrl-C stop the host; the bound keeps a stuck shutdown from outliving `kill` by much.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);

        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Logging.AddConsole(o => o.FormatterName = OneLineConsoleFormatter.FormatterName);
        // The console logger picks its formatter by name from every registered ConsoleFormatter.
        builder.Services.AddSingleton<ConsoleFormatter>(new OneLineConsoleFormatter(fullExceptions: options.LogLevel <= LogLevel.Debug));
        // stdout carries only the silo's own lines (start, stop), which scripts wait for.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        var storage = options.Storage;
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });
            silo.Configure<EndpointOptions>(o =>
            {
                o.AdvertisedIPAddress = endpoints.AdvertisedIp;
                o.SiloPort = endpoints.SiloPort;
                o.GatewayPort = endpoints.GatewayPort;
                if (endpoints.ListenOnAllInterfaces)
                {
                    o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, endpoints.SiloPort);
                    o.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Any, endpoints.GatewayPort);
                }
            });
            if (options.SiloName is not null) silo.Configure<SiloOptions>(o => o.SiloName = options.SiloName);
            silo.Configure<ClusterMembershipOptions>(o => MembershipTiming.Apply(o, options.FailureDetection, options.StartTimeout));

            silo.UseAzureStorageClustering(o => o.TableServiceClient = storage.CreateTableServiceClient());
            silo.AddAzureBlobGrainStorageAsDefault(o => o.BlobServiceClient = storage.CreateBlobServiceClient());
            silo.AddAzureBlobGrainStorage(GrainStorageName, o => o.BlobServiceClient = storage.CreateBlobServiceClient());

            // One container holds what a run leaves in storage: its artifacts, the histogram grains' interval log (a
            // grain whose silo dies replays it on a survivor), and the run mailbox a CLI drives the cluster through.
            var container = storage.ArtifactStore(ArtifactContainer).CreateContainerClient();
            silo.Services.AddSingleton<Rampa.Core.Metrics.IIntervalLog>(new BlobIntervalLog(container));
            // Before AddRampa (which only adds the local fetcher when none is there): C# scenarios come from storage.
            silo.Services.AddSingleton<Rampa.Orleans.Runtime.ICodeBundleFetcher>(new BlobCodeBundleFetcher(new BlobCodeBundleStore(container)));
            silo.AddRampa(artifacts =>
            {
                artifacts.LocalRoot = options.OutDir;
                artifacts.Store = new BlobArtifactStore(container);
            });
            silo.AddRampaRunInbox(new BlobRunMailbox(container), inbox =>
            {
                inbox.ClusterId = options.ClusterId;
                inbox.SiloName = options.SiloName;
            });
        });
        return builder;
    }
}
