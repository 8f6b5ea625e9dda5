using Rampa.Core.Workloads.Http;

namespace Rampa.Core.Scenarios.Yaml;

/// <summary>What the top of the file gives every scenario: env sources, base URL, request defaults, think time.</summary>
internal sealed record PlanGlobals
{
    public required ScenarioSource Source { get; init; }
    public required Func<string, string?> ProcessEnv { get; init; }
    public string? BaseUrl { get; init; }
    public bool BaseUrlInvalid { get; init; }
    /// <summary>The <c>defaults.headers</c> field, parsed per scenario (its templates may read the scenario's env).</summary>
    public Field? DefaultHeaders { get; init; }
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public StatusSet DefaultExpectedStatuses { get; init; } = StatusSet.Default;
    /// <summary>The <c>defaults.retry</c> policy; null for none.</summary>
    public RetryPolicy? DefaultRetry { get; init; }
    /// <summary><c>defaults.http</c> and <c>defaults.connections</c>.</summary>
    public Protocols.Http.HttpVersionChoice DefaultHttp { get; init; }
    public Protocols.Http.ConnectionSharing DefaultConnections { get; init; }
    /// <summary>The top-level <c>thinkTime</c>: every scenario's default.</summary>
    public ThinkTime? ThinkTime { get; init; }
    /// <summary>The top-level <c>data:</c> sources.</summary>
    public Data.DataCatalog Data { get; init; } = Rampa.Core.Data.DataCatalog.Empty;

    /// <summary><c>-e NAME=VALUE</c> first, then the process environment.</summary>
    public string? GlobalEnv(string name) => Source.Env.TryGetValue(name, out var value) ? value : ProcessEnv(name);

    /// <summary>The request scope of a scenario: its own env first, then <see cref="GlobalEnv"/>.</summary>
    public RequestScope ScopeFor(LoadContext ctx, IReadOnlyDictionary<string, string> scenarioEnv)
    {
        string? Env(string name) => scenarioEnv.TryGetValue(name, out var value) ? value : GlobalEnv(name);
        var data = Data.Tracking(); // notes which sources this scenario reads
        var headers = DefaultHeaders is null ? [] : RequestReader.ReadHeaders(ctx, DefaultHeaders, Env, data) ?? [];
        return new RequestScope
        {
            Env = Env,
            BaseUrl = BaseUrl,
            BaseUrlInvalid = BaseUrlInvalid,
            DefaultHeaders = headers,
            DefaultTimeout = DefaultTimeout,
            DefaultExpectedStatuses = DefaultExpectedStatuses,
            DefaultRetry = DefaultRetry,
            DefaultHttp = DefaultHttp,
            DefaultConnections = DefaultConnections,
            Data = data,
        };
    }
}
