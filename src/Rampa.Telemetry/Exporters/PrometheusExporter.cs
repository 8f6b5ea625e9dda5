using System.Net;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Rampa.Telemetry.Exporters;

/// <summary>
/// <c>--out prometheus[=ADDRESS:PORT]</c>: a scrape endpoint at <c>http://ADDRESS:PORT/metrics</c> (OpenTelemetry's
/// HttpListener exporter), on 127.0.0.1:9464 unless told otherwise: never on a public interface by accident. Metrics
/// only (Prometheus takes no spans). A port in use is found when the pipeline starts, before any load.
/// </summary>
public sealed class PrometheusExporter : ITelemetryExporter
{
    public const int DefaultPort = 9464;

    private PrometheusExporter(string option, string host, int port) => (Option, Host, Port) = (option, host, port);

    public string Option { get; }
    public string Host { get; }
    public int Port { get; }
    public bool IsScraped => true;

    public static ITelemetryExporter Create(string option, string? value, Func<string, string?> environment)
    {
        var shown = value is null ? $"{option} prometheus" : $"{option} prometheus={value}";
        if (string.IsNullOrWhiteSpace(value)) return new PrometheusExporter(shown, "127.0.0.1", DefaultPort);
        var colon = value.LastIndexOf(':');
        var (hostText, portText) = colon < 0 ? ("", value) : (value[..colon], value[(colon + 1)..]);
        if (!int.TryParse(portText, out var port) || port is < 1 or > 65535)
            throw new TelemetryConfigException($"{shown}: '{portText}' is not a port (1-65535); expected ADDRESS:PORT, e.g. prometheus=127.0.0.1:9464");
        var host = hostText.Trim('[', ']');
        if (host.Length == 0) host = "127.0.0.1";
        else if (host != "localhost" && !IPAddress.TryParse(host, out _))
            throw new TelemetryConfigException($"{shown}: '{hostText}' is not an IP address; expected ADDRESS:PORT, e.g. prometheus=127.0.0.1:9464 or 0.0.0.0:9464");
        return new PrometheusExporter(shown, host, port);
    }

    public void AddTo(MeterProviderBuilder metrics, TracerProviderBuilder traces, TelemetrySettings settings) =>
        metrics.AddPrometheusHttpListener(o =>
        {
            // HttpListener's wildcard for "every interface".
            o.Host = Host is "0.0.0.0" or "::" ? "*" : Host.Contains(':') ? $"[{Host}]" : Host;
            o.Port = Port;
            o.ScrapeEndpointPath = "/metrics";
            // Each scrape reads the newest frame's values.
            o.ScrapeResponseCacheDurationMilliseconds = 0;
        });
}
