namespace Rampa.Core.Scenarios;

/// <summary>
/// What runs once per run, on one silo, around the load: the setup before any VU starts (its result, as JSON, reaches
/// every VU) and the teardown after the last one stopped. A C# scenario assembly's <c>[Setup]</c>/<c>[Teardown]</c>.
/// </summary>
public interface IRunLifecycle
{
    bool HasSetup { get; }
    bool HasTeardown { get; }

    /// <summary>Runs the setup; its result as JSON (null when it returns nothing).</summary>
    /// <exception cref="ScenarioCodeException">The setup threw (exit 107): its message and place.</exception>
    Task<string?> SetupAsync(TestPlan plan, CancellationToken cancellation);

    /// <summary>Runs the teardown with the setup's data.</summary>
    /// <exception cref="ScenarioCodeException">The teardown threw: its message and place.</exception>
    Task TeardownAsync(TestPlan plan, string? setupData, CancellationToken cancellation);
}

/// <summary>Scenario code failed where the run cannot go on (a setup that threw): exit 107, with the error and its place.</summary>
public sealed class ScenarioCodeException(string message, Exception? inner = null) : Exception(message, inner);
