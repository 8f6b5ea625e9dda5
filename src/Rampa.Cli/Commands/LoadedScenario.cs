using Rampa.Core.Scenarios;
using Rampa.Core.Workloads.Code;
using Rampa.Orleans.Contracts;

namespace Rampa.Cli.Commands;

/// <summary>
/// What <c>rampa run</c>/<c>validate</c> were given, loaded and validated here before anything starts: the source
/// (the YAML text, empty for a C# project alone), its plan, and for C# scenarios the built bundle and its code, loaded
/// in this process for the checks and the summary and unloaded when disposed.
/// </summary>
internal sealed class LoadedScenario : IDisposable
{
    public required ScenarioSource Source { get; init; }
    public required TestPlan Plan { get; init; }
    public CodeBundle? Code { get; init; }
    public CodeLoadContext? CodeContext { get; init; }
    /// <summary>What the run is called in the output: the YAML file, or the C# project/assembly.</summary>
    public required string Describe { get; init; }

    public void Dispose() => CodeContext?.Dispose();
}
