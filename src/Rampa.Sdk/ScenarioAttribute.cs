namespace Rampa.Sdk;

/// <summary>
/// Marks a <c>public static async Task Name(Worker worker)</c> method as a scenario: every iteration calls it once.
/// The properties are the executor's options, written as in a YAML scenario (durations as "30s", "1m30s"); only the
/// ones the executor takes may be set, and those it requires must be.
/// </summary>
/// <example>
/// <code>
/// [Scenario(Executor = "constant-arrival-rate", Rate = 100, Duration = "1m", PreAllocatedVUs = 10, MaxVUs = 50)]
/// public static async Task Checkout(Worker worker) { var r = await worker.Http.GetAsync("/items", name: "list"); }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ScenarioAttribute : Attribute
{
    /// <summary>The scenario's name (its <c>scenario</c> tag); the method's name when not set.</summary>
    public string? Name { get; set; }
    /// <summary>One of constant-vus, ramping-vus, shared-iterations, per-vu-iterations, constant-arrival-rate, ramping-arrival-rate.</summary>
    public string? Executor { get; set; }
    public int Vus { get; set; }
    public string? Duration { get; set; }
    public long Iterations { get; set; }
    public string? MaxDuration { get; set; }
    public int StartVUs { get; set; }
    /// <summary>Ramping executors' stages, each <c>"duration:target"</c>, e.g. <c>new[] { "30s:50", "1m:100", "30s:0" }</c>.</summary>
    public string[]? Stages { get; set; }
    public string? GracefulRampDown { get; set; }
    public long Rate { get; set; }
    public double StartRate { get; set; }
    public string? TimeUnit { get; set; }
    public int PreAllocatedVUs { get; set; }
    public int MaxVUs { get; set; }
    /// <summary>Arrival-rate executors: "uniform" (default) or "poisson".</summary>
    public string? Arrival { get; set; }
    public string? StartTime { get; set; }
    public string? GracefulStop { get; set; }
    /// <summary>Tags added to every sample of the scenario, each <c>"key=value"</c>.</summary>
    public string[]? Tags { get; set; }
}
