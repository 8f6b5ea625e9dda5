using Rampa.Core.Metrics;
using Rampa.Core.Scenarios;
using Rampa.Sdk;

namespace Rampa.Core.Workloads.Code;

/// <summary>A loaded scenario assembly as the plan loader sees it: entry points for <c>exec:</c>, custom metrics, setup and teardown.</summary>
public sealed class CodeScenarios(CodeCatalog catalog) : ICodeScenarios
{
    public CodeCatalog Catalog => catalog;
    public string Describe => catalog.AssemblyFile;
    public IReadOnlyList<string> EntryPoints => [.. catalog.Scenarios.Select(s => s.ExecName)];

    public IWorkload? Workload(string exec, CodeRequestDefaults defaults, out string? error)
    {
        var scenario = catalog.Find(exec, out var ambiguity);
        error = scenario is not null ? null
            : ambiguity ?? $"no [Scenario] method '{exec}' in {catalog.AssemblyFile} (it has {string.Join(", ", EntryPoints.DefaultIfEmpty("none"))})";
        return scenario is null ? null : new CodeWorkload(scenario, defaults);
    }

    public bool TryGetMetricType(string metric, out MetricType type)
    {
        type = default;
        if (!catalog.Metrics.TryGetValue(metric, out var m)) return false;
        type = m.Kind switch
        {
            CustomMetricKind.Counter => MetricType.Counter,
            CustomMetricKind.Gauge => MetricType.Gauge,
            CustomMetricKind.Rate => MetricType.Rate,
            _ => MetricType.Trend,
        };
        return true;
    }

    /// <summary>The assembly's setup and teardown, or null when it has neither.</summary>
    public IRunLifecycle? Lifecycle => catalog.Setup is null && catalog.Teardown is null ? null : new CodeLifecycle(catalog);
}
