using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rampa.Core.Metrics;
using Rampa.Orleans.Placement;
using Rampa.Orleans.Runtime;

namespace Rampa.Orleans.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// Adds Rampa's silo-local services to a silo: the run registry, the artifact publisher (configured by
    /// <paramref name="artifacts"/>; by default the artifacts go to ./rampa-results only), the placement that pins each
    /// segment runner to its silo, and the histogram grains' interval log. The log is a <see cref="NoIntervalLog"/> (the
    /// single-process mode has nothing to replay) unless an <see cref="IIntervalLog"/> was registered before this call (e.g. Rampa.Storage's BlobIntervalLog for a
    /// cluster whose silos can die: <c>silo.Services.AddSingleton&lt;IIntervalLog&gt;(new BlobIntervalLog(container))</c>).
    /// </summary>
    public static ISiloBuilder AddRampa(this ISiloBuilder silo, Action<ArtifactOptions>? artifacts = null)
    {
        silo.Services.AddSingleton<LocalRunRegistry>();
        silo.Services.AddSingleton<ArtifactPublisher>();
        silo.Services.TryAddSingleton<IIntervalLog, NoIntervalLog>();
        silo.AddPlacementDirector<SiloPinnedPlacement, SiloPinnedPlacementDirector>();
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
