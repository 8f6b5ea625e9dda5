using System.Globalization;
using Rampa.Core.Time;

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

    public static readonly string[] Commands = ["run", "validate", "demo", "target", "report", "cluster", "version", "help"];

    public static CliArguments Parse(string[] args)
    {
        if (args.Length == 0) return new CliArguments { Command = "help" };
        var command = args[0];
        if (command is "-h" or "--help") return new CliArguments { Command = "help" };
        if (command is "--version") return new CliArguments { Command = "version" };
        if (!Commands.Contains(command)) throw new CliUsageException($"unknown command '{command}' (expected one of: {string.Join(", ", Commands)})");
        var result = new CliArguments { Command = command };
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        string? file = null;
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            string Value()
            {
                var eq = arg.IndexOf('=');
                if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0) return arg[(eq + 1)..];
                if (i + 1 >= args.Length) throw new CliUsageException($"option {arg} needs a value");
                return args[++i];
            }
            var name = arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=') ? arg[..arg.IndexOf('=')] : arg;
            switch (name)
            {
                case "-h" or "--help": result = result with { Help = true }; break;
                case "-u" or "--vus": result = result with { Vus = (int)PositiveInt(name, Value(), int.MaxValue) }; break;
                case "-d" or "--duration": result = result with { Duration = ParseDuration(name, Value()) }; break;
                case "-i" or "--iterations": result = result with { Iterations = PositiveInt(name, Value(), long.MaxValue) }; break;
                case "-e" or "--env":
                    var kv = Value();
                    var at = kv.IndexOf('=');
                    if (at <= 0) throw new CliUsageException($"option {name}: '{kv}' is not NAME=VALUE");
                    env[kv[..at]] = kv[(at + 1)..];
                    break;
                case "--base-url":
                    var url = Value();
                    if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || (u.Scheme != "http" && u.Scheme != "https"))
                        throw new CliUsageException($"option --base-url: '{url}' is not an absolute http(s) URL");
                    result = result with { BaseUrl = url };
                    break;
                case "--summary-export": result = result with { SummaryExport = Value() }; break;
                case "--out-dir": result = result with { OutDir = Value() }; break;
                case "--artifacts-blob": result = result with { ArtifactsBlob = NonEmpty(name, Value()) }; break;
                case "--artifacts-container": result = result with { ArtifactsContainer = NonEmpty(name, Value()) }; break;
                case "--cluster": result = result with { Cluster = NonEmpty(name, Value()) }; break;
                case "--trend-stats": result = result with { TrendStats = ParseTrendStats(name, Value()) }; break;
                case "-q" or "--quiet": result = result with { Quiet = true }; break;
                case "--no-color": result = result with { NoColor = true }; break;
                case "--strict-thresholds": result = result with { StrictThresholds = true }; break;
                case "-p" or "--port": result = result with { Port = (int)PositiveInt(name, Value(), 65535) }; break;
                default:
                    if (arg.StartsWith('-') && arg.Length > 1) throw new CliUsageException($"unknown option '{arg}' for '{command}'");
                    if (file is not null) throw new CliUsageException($"unexpected argument '{arg}' (the scenario file is already '{file}')");
                    file = arg;
                    break;
            }
        }
        return result with { File = file, Env = env };
    }

    private static string NonEmpty(string option, string text) =>
        string.IsNullOrWhiteSpace(text) ? throw new CliUsageException($"option {option} needs a non-empty value") : text;

    /// <summary>k6's list: avg, min, med, max, count, p(N) with 0 &lt;= N &lt;= 100, comma separated.</summary>
    private static IReadOnlyList<string> ParseTrendStats(string option, string text)
    {
        var stats = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (stats.Length == 0) throw new CliUsageException($"option {option} needs a list such as avg,p(95),p(99.9)");
        foreach (var stat in stats)
            if (stat is not ("avg" or "min" or "med" or "max" or "count") && !Rampa.Core.Reporting.MetricValues.TryPercentile(stat, out _))
                throw new CliUsageException($"option {option}: '{stat}' is not a trend statistic (avg, min, med, max, count or p(N) with 0 <= N <= 100)");
        return stats;
    }

    private static long PositiveInt(string option, string text, long max)
    {
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v <= 0 || v > max)
            throw new CliUsageException($"option {option}: '{text}' is not a whole number between 1 and {max}");
        return v;
    }

    private static TimeSpan ParseDuration(string option, string text)
    {
        if (!DurationFormat.TryParse(text, out var d) || d <= TimeSpan.Zero)
            throw new CliUsageException($"option {option}: '{text}' is not a positive duration (e.g. 500ms, 30s, 5m, 1m30s)");
        return d;
    }
}
