using Rampa.Core.Workloads.Http;

namespace Rampa.Core.Scenarios.Yaml;

/// <summary>
/// What the requests of one scenario are read against: its env lookup (scenario <c>env</c>, then <c>-e</c>, then the
/// process), the base URL, and the file's request defaults (headers already parsed with this scenario's env).
/// </summary>
internal sealed record RequestScope
{
    public required Func<string, string?> Env { get; init; }
    /// <summary>The base URL's text without its trailing '/', or null when the file has none.</summary>
    public string? BaseUrl { get; init; }
    /// <summary>True when the file gave a base URL that was invalid (already reported): relative URLs stay quiet.</summary>
    public bool BaseUrlInvalid { get; init; }
    public IReadOnlyList<HeaderSpec> DefaultHeaders { get; init; } = [];
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public StatusSet DefaultExpectedStatuses { get; init; } = StatusSet.Default;
    /// <summary>The retry policy of the requests that set none (scenario's, else <c>defaults.retry</c>); null for none.</summary>
    public RetryPolicy? DefaultRetry { get; init; }
    /// <summary>The HTTP version of the requests that set none (scenario's <c>http</c>, else <c>defaults.http</c>, else 1.1).</summary>
    public Protocols.Http.HttpVersionChoice DefaultHttp { get; init; }
    /// <summary>How the scenario's HTTP/2 connections are held (scenario's <c>connections</c>, else <c>defaults</c>, else per VU).</summary>
    public Protocols.Http.ConnectionSharing DefaultConnections { get; init; }
    /// <summary>The file's data sources, for <c>{{data.SOURCE.COLUMN}}</c>.</summary>
    public Data.DataCatalog Data { get; init; } = Rampa.Core.Data.DataCatalog.Empty;
}
