using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Rampa.Core.Metrics;
using Rampa.Orleans.Placement;
using Rampa.Orleans.Runtime;

namespace Rampa.Orleans.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>Grain locations a silo caches: room for 100,000 VU grains per run.</summary>
    public const int GrainLocationCacheSize = 100_000;

    /// <summary>
    /// Adds Rampa's silo-local services to a silo: the run registry, the artifact publisher (configured by
    /// <paramref name="artifacts"/>; by default the artifacts go to ./rampa-results only), the placement that pins each
    /// segment runner to its silo, a grain-location cache sized for a run, and the histogram grains' interval log. The log is a <see cref="NoIntervalLog"/> (the
    /// single-process mode has nothing to replay) unless an <see cref="IIntervalLog"/> was registered before this call (e.g. Rampa.Storage's BlobIntervalLog for a
    /// cluster whose silos can die: <c>silo.Services.AddSingleton&lt;IIntervalLog&gt;(new BlobIntervalLog(container))</c>).
    /// </summary>
    public static ISiloBuilder AddRampa(this ISiloBuilder silo, Action<ArtifactOptions>? artifacts = null)
    {
        silo.Services.AddSingleton<LocalRunRegistry>();
        silo.Services.AddSingleton<ArtifactPublisher>();
        silo.Services.AddSingleton<ScenarioCodeHost>();
        silo.Services.TryAddSingleton<ICodeBundleFetcher, LocalCodeBundleFetcher>();
        silo.Services.TryAddSingleton<IIntervalLog, NoIntervalLog>();
        silo.AddPlacementDirector<SiloPinnedPlacement, SiloPinnedPlacementDirector>();
        // Orleans sizes its grain-location cache for a million grains up front (a 16 MiB array for the whole life of the
        // silo, which every collection then walks); a run has its VUs' grains and a few more.
        silo.Services.Configure<GrainDirectoryOptions>(o => o.CacheSize = Math.Min(o.CacheSize, GrainLocationCacheSize));
        var options = silo.Services.AddOptions<ArtifactOptions>();
        if (artifacts is not null) options.Configure(artifacts);
        return silo;
    }

    /// <summary>
    /// Makes this silo take runs from the storage mailbox a CLI writes to (<c>rampa run --cluster</c>), publish their
    /// status there, and write its heartbeat (<c>rampa cluster status</c>).
    /// </summary>
    public static ISiloBuilder AddRampaRunInbox(this ISiloBuilder silo, Rampa.Storage.BlobRunMailbox mailbox, Action<Remote.RunInboxOptions> configure)
    {
        silo.Services.AddSingleton(mailbox);
        silo.Services.AddOptions<Remote.RunInboxOptions>().Configure(configure);
        silo.Services.AddHostedService<Remote.RunInboxService>();
        return silo;
    }
}
