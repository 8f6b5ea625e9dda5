using Microsoft.Extensions.DependencyInjection;
using Rampa.Orleans.Runtime;

namespace Rampa.Orleans.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>Adds Rampa's silo-local services (the run registry) to a silo.</summary>
    public static ISiloBuilder AddRampa(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<LocalRunRegistry>();
        return silo;
    }
}
