using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Rampa.Telemetry;

/// <summary>
/// One process's telemetry: a <see cref="RunTelemetry"/> (the Rampa meter and activity source, fed from frames) and
/// the OpenTelemetry providers that export it, with the .NET runtime's and Orleans' meters, to every configured
/// <see cref="ITelemetryExporter"/>. Exporting happens on the SDK's own threads (periodic readers, batch processors,
/// the scrape listener): never on the run's.
/// </summary>
public sealed class TelemetryPipeline : IDisposable
{
    private readonly MeterProvider _metrics;
    private readonly TracerProvider _traces;
    private readonly ExportFailureWatch _watch;

    private TelemetryPipeline(RunTelemetry telemetry, IReadOnlyList<ITelemetryExporter> exporters, MeterProvider metrics,
        TracerProvider traces, ExportFailureWatch watch)
    {
        (Telemetry, Exporters, _metrics, _traces, _watch) = (telemetry, exporters, metrics, traces, watch);
    }

    public RunTelemetry Telemetry { get; }
    public IReadOnlyList<ITelemetryExporter> Exporters { get; }

    /// <summary>True when an exporter is scraped (Prometheus): see <see cref="ITelemetryExporter.IsScraped"/>.</summary>
    public bool IsScraped => Exporters.Any(e => e.IsScraped);

    /// <summary>
    /// Starts the providers; a listener that cannot start (a port in use) is a <see cref="TelemetryConfigException"/>
    /// naming its option. <paramref name="warn"/> receives the one warning line when exporting fails later.
    /// </summary>
    public static TelemetryPipeline Start(RunTelemetry telemetry, IReadOnlyList<ITelemetryExporter> exporters,
        TelemetrySettings settings, Action<string> warn)
    {
        var watch = new ExportFailureWatch(warn);
        MeterProvider? metrics = null;
        try
        {
            void Resource(ResourceBuilder r) => r.AddService(settings.Service, serviceVersion: typeof(TelemetryPipeline).Assembly.GetName().Version?.ToString(3),
                serviceInstanceId: settings.Instance);
            var metricsBuilder = OpenTelemetry.Sdk.CreateMeterProviderBuilder()
                .ConfigureResource(Resource)
                .AddMeter(RampaTelemetryNames.Meter, RampaTelemetryNames.RuntimeMeter, RampaTelemetryNames.OrleansMeter);
            var tracesBuilder = OpenTelemetry.Sdk.CreateTracerProviderBuilder()
                .ConfigureResource(Resource)
                .AddSource(RampaTelemetryNames.ActivitySource);
            foreach (var exporter in exporters) exporter.AddTo(metricsBuilder, tracesBuilder, settings);
            try
            {
                metrics = metricsBuilder.Build();
            }
            catch (Exception e) when (e is InvalidOperationException or System.Net.HttpListenerException or System.Net.Sockets.SocketException)
            {
                var scraped = exporters.FirstOrDefault(x => x.IsScraped);
                throw new TelemetryConfigException($"{scraped?.Option ?? "telemetry"}: cannot listen: {Inner(e)}");
            }
            var traces = tracesBuilder.Build();
            return new TelemetryPipeline(telemetry, exporters, metrics, traces, watch);
        }
        catch
        {
            metrics?.Dispose();
            watch.Dispose();
            throw;
        }
    }

    private static string Inner(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e.Message;
    }

    /// <summary>Pushes what the providers hold now (the run's last values and its span), bounded.</summary>
    public void Flush(TimeSpan bound)
    {
        var ms = (int)bound.TotalMilliseconds;
        _traces.ForceFlush(ms);
        _metrics.ForceFlush(ms);
    }

    public void Dispose()
    {
        _watch.Stopping();
        _traces.Shutdown(2000);
        _metrics.Shutdown(2000);
        _traces.Dispose();
        _metrics.Dispose();
        _watch.Dispose();
    }
}
