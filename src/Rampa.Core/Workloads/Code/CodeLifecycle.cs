using System.Text.Json;
using Rampa.Core.Engine;
using Rampa.Core.Metrics;
using Rampa.Core.Scenarios;

namespace Rampa.Core.Workloads.Code;

/// <summary>
/// Runs a scenario assembly's <c>[Setup]</c> and <c>[Teardown]</c> once per run (the orchestrator's silo), each with a
/// worker of VU 0 in the scenario <c>setup</c> or <c>teardown</c>. Their requests are not part of the run's metrics.
/// </summary>
internal sealed class CodeLifecycle(CodeCatalog catalog) : IRunLifecycle
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool HasSetup => catalog.Setup is not null;
    public bool HasTeardown => catalog.Teardown is not null;

    public async Task<string?> SetupAsync(TestPlan plan, CancellationToken cancellation)
    {
        if (catalog.Setup is not { } setup) return null;
        var result = await RunAsync(setup, "setup", plan, null, cancellation).ConfigureAwait(false);
        try
        {
            return result is null ? null : JsonSerializer.Serialize(result, result.GetType(), Json);
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException)
        {
            throw new ScenarioCodeException($"{catalog.Places.Of(setup)}: {CodeCatalog.Key(setup)}: what the setup returned cannot be written as JSON ({e.Message})", e);
        }
    }

    public async Task TeardownAsync(TestPlan plan, string? setupData, CancellationToken cancellation)
    {
        if (catalog.Teardown is { } teardown) await RunAsync(teardown, "teardown", plan, setupData, cancellation).ConfigureAwait(false);
    }

    private async Task<object?> RunAsync(System.Reflection.MethodInfo method, string name, TestPlan plan, string? setupData, CancellationToken cancellation)
    {
        // Its own services and sink: setup and teardown are not load, so what they send is not in the run's numbers.
        var template = plan.Scenarios[0];
        var scenario = template with { Name = name, Tags = new Dictionary<string, string>() };
        using var sink = new MetricSink();
        using var services = new RunServices($"{name}", plan, sink) { SetupData = setupData };
        var defaults = template.Workload is CodeWorkload code ? code.Defaults : new CodeRequestDefaults { BaseUrl = plan.BaseUrl?.ToString().TrimEnd('/') };
        var vu = new VuContext { Services = services, Scenario = scenario, Vu = 0, ScenarioVuIndex = 0, Random = new Random(SeedMixer.Mix(plan.Seed, name, 0)) };
        var state = new CodeScenarioState(services, scenario, method.Module.Assembly);
        using var worker = new CodeWorker(vu, state, defaults, setupData);
        try
        {
            return await Task.Run(() =>
            {
                worker.Begin(null, cancellation);
                return CodeEntryPoint.InvokeAsync(method, worker);
            }, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            throw new ScenarioCodeException($"{catalog.Places.Of(method)}: {CodeCatalog.Key(method)} ({name}) threw {e.GetType().Name}: {e.Message}", e);
        }
    }
}
