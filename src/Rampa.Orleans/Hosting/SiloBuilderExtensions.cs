using Microsoft.Extensions.DependencyInjection;
using Rampa.Orleans.Runtime;

namespace Rampa.Orleans.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// Adds Rampa's silo-local services to a silo: the run registry and the artifact publisher (configured by
    /// <paramref name="artifacts"/>; by default the artifacts go to ./rampa-results only).
    /// </summary>
    public static ISiloBuilder AddRampa(this ISiloBuilder silo, Action<ArtifactOptions>? artifacts = null)
    {
        silo.Services.AddSingleton<LocalRunRegistry>();
        silo.Services.AddSingleton<ArtifactPublisher>();
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
