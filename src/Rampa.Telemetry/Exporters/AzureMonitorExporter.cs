using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Rampa.Telemetry.Exporters;

/// <summary>
/// <c>--out azure-monitor[=CONNECTION_STRING]</c> (or <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>): the metrics
/// (customMetrics, delta temporality as Application Insights wants) and the run's span (dependencies) through the
/// Azure Monitor OpenTelemetry exporter. When <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> says
/// <c>Authorization=AAD</c> (optionally <c>;ClientId=ID</c> of a user-assigned identity), it signs in with
/// <c>DefaultAzureCredential</c>: the Application Insights the Bicep creates has local (key-only) auth disabled.
/// No offline storage: nothing is written to disk.
/// </summary>
public sealed class AzureMonitorExporter : ITelemetryExporter
{
    public const string ConnectionStringVariable = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationVariable = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    private readonly string _connectionString;
    private readonly TokenCredential? _credential;

    private AzureMonitorExporter(string option, string connectionString, TokenCredential? credential) =>
        (Option, _connectionString, _credential) = (option, connectionString, credential);

    public string Option { get; }
    public bool IsScraped => false;

    public static ITelemetryExporter Create(string option, string? value, Func<string, string?> environment)
    {
        var shown = option == ConnectionStringVariable ? option : value is null ? $"{option} azure-monitor" : $"{option} azure-monitor=...";
        var connection = string.IsNullOrWhiteSpace(value) ? environment(ConnectionStringVariable) : value;
        if (string.IsNullOrWhiteSpace(connection))
            throw new TelemetryConfigException($"{shown}: no connection string: give azure-monitor=CONNECTION_STRING or set {ConnectionStringVariable}");
        var parts = Parse(connection);
        if (!parts.TryGetValue("InstrumentationKey", out var key) || !Guid.TryParse(key, out _))
            throw new TelemetryConfigException($"{shown}: the connection string has no InstrumentationKey=GUID (copy it from the Application Insights resource's overview)");
        if (parts.TryGetValue("IngestionEndpoint", out var ingestion) &&
            (!Uri.TryCreate(ingestion, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            throw new TelemetryConfigException($"{shown}: IngestionEndpoint '{ingestion}' is not an http(s) URL");
        return new AzureMonitorExporter(shown, connection, Credential(environment(AuthenticationVariable)));
    }

    /// <summary><c>Authorization=AAD[;ClientId=ID]</c>: Entra ID sign-in, with the user-assigned identity ID if given.</summary>
    private static TokenCredential? Credential(string? authentication)
    {
        if (string.IsNullOrWhiteSpace(authentication)) return null;
        var parts = Parse(authentication);
        if (!parts.TryGetValue("Authorization", out var kind) || !kind.Equals("AAD", StringComparison.OrdinalIgnoreCase))
            throw new TelemetryConfigException($"{AuthenticationVariable}: expected Authorization=AAD[;ClientId=ID]");
        var options = new DefaultAzureCredentialOptions();
        if (parts.TryGetValue("ClientId", out var clientId)) options.ManagedIdentityClientId = clientId;
        return new DefaultAzureCredential(options);
    }

    private static Dictionary<string, string> Parse(string text) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last()[1].Trim(), StringComparer.OrdinalIgnoreCase);

    private AzureMonitorExporterOptions Options() => new()
    {
        ConnectionString = _connectionString,
        Credential = _credential,
        DisableOfflineStorage = true,
        EnableLiveMetrics = false,
    };

    public void AddTo(MeterProviderBuilder metrics, TracerProviderBuilder traces, TelemetrySettings settings)
    {
        metrics.AddReader(new PeriodicExportingMetricReader(new AzureMonitorMetricExporter(Options()), (int)settings.ExportInterval.TotalMilliseconds)
        {
            TemporalityPreference = MetricReaderTemporalityPreference.Delta,
        });
        traces.AddProcessor(new BatchActivityExportProcessor(new AzureMonitorTraceExporter(Options())));
    }
}
