using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Rampa.Telemetry;

/// <summary>
/// One destination of the telemetry (an <c>--out</c> kind: OTLP, Azure Monitor, Prometheus), configured and checked
/// when the command line is read. It adds its readers and processors to the pipeline's providers; nothing else knows
/// which exporters exist (<see cref="TelemetryKinds"/> is their one list).
/// </summary>
public interface ITelemetryExporter
{
    /// <summary>How the user asked for it, e.g. <c>--out prometheus=127.0.0.1:9464</c>: what errors and warnings name.</summary>
    string Option { get; }

    /// <summary>
    /// True when something outside pulls the values (a scrape endpoint): after a run's final frame the CLI keeps
    /// serving until the next scrape (bounded), where a pushing exporter is simply flushed.
    /// </summary>
    bool IsScraped { get; }

    /// <summary>Adds its metric reader (and trace processor, if it takes traces).</summary>
    void AddTo(MeterProviderBuilder metrics, TracerProviderBuilder traces, TelemetrySettings settings);
}
