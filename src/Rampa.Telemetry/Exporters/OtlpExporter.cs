using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Rampa.Telemetry.Exporters;

/// <summary>
/// <c>--out otlp[=URL]</c>: the metrics (cumulative) and the run's span over OTLP. With a URL: OTLP/HTTP protobuf to
/// <c>URL/v1/metrics</c> and <c>URL/v1/traces</c>. Without: the SDK reads the standard <c>OTEL_EXPORTER_OTLP_*</c>
/// variables (endpoint, protocol, headers, timeout), as every OpenTelemetry SDK does.
/// </summary>
public sealed class OtlpExporter : ITelemetryExporter
{
    private readonly Uri? _base;

    private OtlpExporter(string option, Uri? baseUri) => (Option, _base) = (option, baseUri);

    public string Option { get; }
    public bool IsScraped => false;

    public static ITelemetryExporter Create(string option, string? value, Func<string, string?> environment)
    {
        if (string.IsNullOrWhiteSpace(value)) return new OtlpExporter(option == "--out" ? "--out otlp" : option, null);
        var shown = $"{option} otlp={value}";
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            throw new TelemetryConfigException($"{shown}: not an http(s) URL, e.g. otlp=http://127.0.0.1:4318");
        var text = uri.ToString();
        return new OtlpExporter(shown, new Uri(text.EndsWith('/') ? text : text + "/"));
    }

    public void AddTo(MeterProviderBuilder metrics, TracerProviderBuilder traces, TelemetrySettings settings)
    {
        metrics.AddOtlpExporter((exporter, reader) =>
        {
            Configure(exporter, "v1/metrics");
            reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)settings.ExportInterval.TotalMilliseconds;
            reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
        });
        traces.AddOtlpExporter(exporter => Configure(exporter, "v1/traces"));
    }

    private void Configure(OtlpExporterOptions exporter, string path)
    {
        if (_base is null) return;
        exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
        exporter.Endpoint = new Uri(_base, path);
        exporter.TimeoutMilliseconds = 5000;
    }
}
