using Rampa.Core.Scenarios;

namespace Rampa.Orleans.Contracts;

/// <summary>
/// What the client hands the orchestrator: the scenario exactly as the user wrote it plus the command line's
/// values. Every silo loads the same plan from it (the plan itself never crosses the wire).
/// </summary>
[GenerateSerializer, Immutable, Alias("Rampa.RunRequest")]
public sealed record RunRequest
{
    [Id(0)] public required string RunId { get; init; }
    [Id(1)] public required string FileName { get; init; }
    [Id(2)] public required string ScenarioText { get; init; }
    [Id(3)] public Dictionary<string, string> Env { get; init; } = new();
    [Id(4)] public int? Vus { get; init; }
    [Id(5)] public TimeSpan? Duration { get; init; }
    [Id(6)] public long? Iterations { get; init; }
    [Id(7)] public string? BaseUrl { get; init; }
    /// <summary>The run's seed, fixed once by the client so every silo draws the same random streams.</summary>
    [Id(8)] public long Seed { get; init; }
    [Id(9)] public string RampaVersion { get; init; } = "";
    /// <summary><c>--strict-thresholds</c>: travels with the run so the silo that writes the artifacts judges as the CLI does.</summary>
    [Id(10)] public bool StrictThresholds { get; init; }
    /// <summary>The C# scenario assembly: the whole plan when <see cref="ScenarioText"/> is empty, else what its <c>exec:</c> names.</summary>
    [Id(11)] public CodeBundle? Code { get; init; }
    /// <summary>
    /// The <c>data:</c> files of a run on a remote cluster, as a bundle of files (no entry assembly) relative to the
    /// scenario file's folder: silos fetch it like the code and read the files from their copy. Null on the embedded
    /// scale, whose silo reads them beside the scenario file.
    /// </summary>
    [Id(12)] public CodeBundle? Data { get; init; }

    public ScenarioSource ToSource(string? dataRoot = null) => new()
    {
        FileName = FileName,
        DataRoot = dataRoot,
        Text = ScenarioText,
        Env = Env,
        Overrides = new RunOverrides
        {
            Vus = Vus,
            Duration = Duration,
            Iterations = Iterations,
            BaseUrl = BaseUrl is null ? null : new Uri(BaseUrl),
            StrictThresholds = StrictThresholds,
        },
    };

    /// <summary>
    /// Loads the plan on this silo, with the client's seed when the file left it open. A run with C# scenarios needs
    /// its loaded assembly (<see cref="Runtime.ScenarioCodeHost"/> gives it).
    /// </summary>
    public TestPlan LoadPlan(Rampa.Core.Workloads.Code.CodeLoadContext? code = null, string? dataRoot = null)
    {
        Func<string, string?> env = name => Env.TryGetValue(name, out var v) ? v : Environment.GetEnvironmentVariable(name);
        if (Code is not null && code is null) throw new InvalidOperationException("a run with C# scenarios is loaded through ScenarioCodeHost");
        var plan = code is null ? ScenarioLoader.Load(ToSource(dataRoot), env) : Rampa.Core.Workloads.Code.CodePlanLoader.Load(ToSource(dataRoot), code, env);
        return plan.SeedFromFile ? plan : plan with { Seed = Seed };
    }
}
