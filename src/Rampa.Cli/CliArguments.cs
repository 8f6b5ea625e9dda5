namespace Rampa.Cli;

/// <summary>A command-line mistake: reported as one clear line naming the option and the value, exit 104.</summary>
public sealed class CliUsageException(string message) : Exception(message);

/// <summary>The parsed command line. Small and explicit on purpose: every error names the option and the value.</summary>
public sealed record CliArguments
{
    public required string Command { get; init; }
    public string? File { get; init; }
    public int? Vus { get; init; }
    public TimeSpan? Duration { get; init; }
    public long? Iterations { get; init; }
    public Dictionary<string, string> Env { get; init; } = new(StringComparer.Ordinal);
    public string? BaseUrl { get; init; }
    public string? SummaryExport { get; init; }
    public string OutDir { get; init; } = "rampa-results";
    public bool Quiet { get; init; }
    public bool NoColor { get; init; }
    public int? Port { get; init; }
    /// <summary>The demo target's HTTPS port (HTTP/1.1 and HTTP/2, self-signed certificate): --https-port.</summary>
    public int? HttpsPort { get; init; }
    /// <summary>The demo target's cleartext HTTP/2 (h2c) port: --h2c-port.</summary>
    public int? H2cPort { get; init; }
    /// <summary>`rampa target --grpc-port N`: also serve the demo gRPC service (h2c) on that port.</summary>
    public int? GrpcPort { get; init; }
    public bool Help { get; init; }
    /// <summary>An artifact store: an Azure Storage connection string or a blob endpoint URI (--artifacts-blob).</summary>
    public string? ArtifactsBlob { get; init; }
    public string? ArtifactsContainer { get; init; }
    /// <summary>A remote cluster's storage (--cluster): a connection string or a blob endpoint URI.</summary>
    public string? Cluster { get; init; }
    /// <summary><c>rampa report --trend-stats</c>: the Trend statistics to show instead of the run's own.</summary>
    public IReadOnlyList<string>? TrendStats { get; init; }
    /// <summary><c>--strict-thresholds</c>: a threshold whose metric received no samples fails the run.</summary>
    public bool StrictThresholds { get; init; }
    /// <summary><c>--fail-on-saturation</c>: a passing run whose generator was saturated exits with 110.</summary>
    public bool FailOnSaturation { get; init; }
    /// <summary><c>--code PATH</c>: the C# scenarios a YAML file's <c>exec:</c> names (a project folder, .csproj or built .dll).</summary>
    public string? Code { get; init; }
    /// <summary><c>--out KIND[=VALUE]</c>, repeatable: the live outputs besides the terminal (<see cref="Live.OutputKinds"/>).</summary>
    public List<Live.OutputSpec> Outs { get; init; } = new();

    /// <summary>The command names the parser knows (<c>silo</c> is dispatched before it).</summary>
    public static IEnumerable<string> Commands => CliCommands.All.Select(c => c.Name);

    /// <summary>
    /// Parses <c>COMMAND [ARGUMENT] [options]</c>. Each command takes only its own options (<see cref="CliCommands"/>);
    /// <c>-h</c>/<c>--help</c> anywhere asks for the command's help and wins over any mistake beside it.
    /// </summary>
    public static CliArguments Parse(string[] args)
    {
        if (args.Length == 0) return new CliArguments { Command = "help" };
        var name = args[0];
        if (name is "-h" or "--help") return new CliArguments { Command = "help" };
        if (name is "--version") return new CliArguments { Command = "version" };
        var command = CliCommands.Find(name)
                      ?? throw new CliUsageException($"unknown command '{name}' (expected one of: {string.Join(", ", Commands)})");
        var result = new CliArguments { Command = name, Env = new Dictionary<string, string>(StringComparer.Ordinal), Outs = new() };
        if (args.Skip(1).Any(a => CliOptions.Help.Matches(a))) return result with { Help = true };
        string? argument = null;
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            var eq = arg.StartsWith("--", StringComparison.Ordinal) ? arg.IndexOf('=') : -1;
            var optionName = eq > 0 ? arg[..eq] : arg;
            if (arg.StartsWith('-') && arg.Length > 1)
            {
                var option = command.AllOptions.FirstOrDefault(o => o.Matches(optionName)) ?? throw NotAnOption(command, optionName, arg);
                string value;
                if (option.IsFlag) value = "";
                else if (eq > 0) value = arg[(eq + 1)..];
                else if (i + 1 < args.Length) value = args[++i];
                else throw new CliUsageException($"option {arg} needs a value");
                result = option.Apply(result, optionName, value);
                continue;
            }
            if (command.Argument is null)
                throw new CliUsageException(command.UnexpectedArgument?.Invoke(arg) ?? $"'{name}' takes no argument (got '{arg}')");
            if (argument is not null) throw new CliUsageException($"unexpected argument '{arg}' (the scenario file is already '{argument}')");
            argument = arg;
        }
        return result with { File = argument };
    }

    /// <summary>An option another command takes is named as such; anything else is unknown.</summary>
    private static CliUsageException NotAnOption(CliCommand command, string optionName, string arg)
    {
        var owners = CliCommands.All.Where(c => c.Options.Any(o => o.Matches(optionName))).Select(c => c.Name).ToList();
        return owners.Count == 0
            ? new CliUsageException($"unknown option '{arg}' for '{command.Name}'")
            : new CliUsageException($"option {optionName} is not an option of '{command.Name}' (only of {string.Join(", ", owners.Select(o => $"'{o}'"))})");
    }
}
