using Rampa.Core.Scenarios;

namespace Rampa.Cli.Commands;

/// <summary>Reads and validates the scenario a command names; every problem becomes a clear message (exit 104).</summary>
internal static class ScenarioInput
{
    public static ScenarioSource Read(CliArguments args, string? text = null, string? fileName = null)
    {
        fileName ??= args.File ?? throw new CliUsageException($"'{args.Command}' needs a scenario file: rampa {args.Command} FILE");
        if (text is null)
        {
            if (!File.Exists(fileName)) throw new CliUsageException($"{fileName}: no such file");
            text = File.ReadAllText(fileName);
        }
        return new ScenarioSource
        {
            FileName = fileName,
            Text = text,
            Env = args.Env,
            Overrides = new RunOverrides
            {
                Vus = args.Vus,
                Duration = args.Duration,
                Iterations = args.Iterations,
                BaseUrl = args.BaseUrl is null ? null : new Uri(args.BaseUrl),
                StrictThresholds = args.StrictThresholds,
            },
        };
    }

    /// <summary>Loads the plan, or throws <see cref="ScenarioLoadException"/> with every error found.</summary>
    public static TestPlan Load(ScenarioSource source) => ScenarioLoader.Load(source);
}
