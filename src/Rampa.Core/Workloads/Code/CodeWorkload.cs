using Rampa.Core.Engine;
using Rampa.Core.Scenarios;
using Rampa.Sdk;

namespace Rampa.Core.Workloads.Code;

/// <summary>A C# scenario: its <c>[Scenario]</c> method (and its class's <c>[VuInit]</c>), run once per iteration by each VU.</summary>
public sealed class CodeWorkload : IWorkload
{
    private readonly Func<Worker, ValueTask> _entry;
    private readonly Func<Worker, ValueTask>? _vuInit;
    private readonly System.Reflection.Assembly _code;

    internal CodeWorkload(CodeScenario scenario, CodeRequestDefaults defaults)
    {
        Scenario = scenario;
        Defaults = defaults;
        _entry = CodeEntryPoint.Of(scenario.Method);
        _vuInit = scenario.VuInit is null ? null : CodeEntryPoint.Of(scenario.VuInit);
        _code = scenario.Method.Module.Assembly;
    }

    public CodeScenario Scenario { get; }
    public CodeRequestDefaults Defaults { get; }

    public IVuBehavior CreateVu(VuContext vu)
    {
        var state = vu.Services.WorkloadState(vu.Scenario, () => new CodeScenarioState(vu.Services, vu.Scenario, _code));
        var worker = new CodeWorker(vu, state, Defaults, vu.Services.SetupData);
        // The drivers make a VU synchronously at the start of its own async loop: the worker set here flows through all
        // of that VU's iterations (an AsyncLocal set per iteration would copy the execution context each time).
        worker.Attach();
        return new CodeVuBehavior(worker, state, _entry, _vuInit);
    }
}
