namespace Rampa.Core.Scenarios.Yaml;

/// <summary>
/// A scenario's own request options (<c>expectedStatuses</c>, <c>retry</c>, <c>http</c>, <c>connections</c>): they replace the file's
/// <c>defaults</c> for the scenario's requests, and a request's own setting replaces them in turn.
/// </summary>
internal static class ScenarioRequestOptions
{
    public static readonly IReadOnlyList<string> Keys = ["expectedStatuses", "retry", "http", "connections"];

    public static RequestScope Apply(LoadContext ctx, Fields scenario, RequestScope scope)
    {
        if (scenario.TryGet("expectedStatuses", out var expected) && StatusReader.Read(ctx, expected.Value, expected.Path) is { } set)
            scope = scope with { DefaultExpectedStatuses = set };
        if (scenario.TryGet("retry", out var retry) && RetryReader.Read(ctx, retry) is { Ok: true } result)
            scope = scope with { DefaultRetry = result.Policy };
        if (scenario.TryGet("http", out var http) && HttpVersionReader.Version(ctx, http) is { } version)
            scope = scope with { DefaultHttp = version };
        if (scenario.TryGet("connections", out var connections) && HttpVersionReader.Sharing(ctx, connections) is { } sharing)
            scope = scope with { DefaultConnections = sharing };
        return scope;
    }
}
