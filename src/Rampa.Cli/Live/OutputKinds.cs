namespace Rampa.Cli.Live;

/// <summary>
/// The kinds of <c>--out</c>: each names its value's shape (for the help and the errors), checks it, and opens the
/// output. A new kind of output is one entry here and its class beside <see cref="JsonLinesOutput"/>.
/// </summary>
public static class OutputKinds
{
    /// <summary>One kind: its name, the value it takes (null: none), a check of the value, and how it opens.</summary>
    public sealed record Kind(string Name, string? Value, string Help, Action<string?> Check, Func<string?, TextWriter, ILiveOutput> Open)
    {
        public string Usage => Value switch
        {
            null => Name,
            ['[', .., ']'] => $"{Name}[={Value[1..^1]}]",   // an optional value: otlp[=URL]
            _ => $"{Name}={Value}",
        };
        /// <summary>True when the output writes to the process's stdout (then the progress line keeps quiet).</summary>
        public Func<string?, bool> UsesStdout { get; init; } = _ => false;

        /// <summary>
        /// For the telemetry kinds: the exporter this <c>--out</c> adds to the process's one telemetry pipeline
        /// (<see cref="TelemetryOutput"/>), instead of an output of its own.
        /// </summary>
        public Func<string?, Rampa.Telemetry.ITelemetryExporter>? Exporter { get; init; }
    }

    public static readonly IReadOnlyList<Kind> All =
    [
        new("json", "FILE", "one JSON line per second with the merged view of the run (schemas/rampa-live.schema.json); `-` for stdout",
            value =>
            {
                if (string.IsNullOrWhiteSpace(value)) throw new CliUsageException("--out json needs a file: --out json=FILE (or json=- for stdout)");
            },
            (value, stdout) => JsonLinesOutput.Open(value!, stdout))
        {
            UsesStdout = value => value == "-",
        },
        .. Rampa.Telemetry.TelemetryKinds.All.Select(AsOutputKind),
    ];

    /// <summary>A telemetry kind of Rampa.Telemetry as an <c>--out</c> kind: checked when read, one pipeline for all.</summary>
    private static Kind AsOutputKind(Rampa.Telemetry.TelemetryKinds.Kind kind)
    {
        Rampa.Telemetry.ITelemetryExporter Create(string? value)
        {
            try { return kind.Create("--out", value, Environment.GetEnvironmentVariable); }
            catch (Rampa.Telemetry.TelemetryConfigException e) { throw new CliUsageException(e.Message); }
        }
        return new Kind(kind.Name, kind.Value, kind.Help, value => Create(value),
            (_, _) => throw new InvalidOperationException("telemetry kinds open through TelemetryOutput"))
        {
            Exporter = Create,
        };
    }

    /// <summary>Reads <c>KIND[=VALUE]</c>; an unknown kind or a bad value is an error naming the option and the value.</summary>
    public static OutputSpec Parse(string option, string text)
    {
        var eq = text.IndexOf('=');
        var (name, value) = eq < 0 ? (text, (string?)null) : (text[..eq], text[(eq + 1)..]);
        var kind = Find(name) ?? throw new CliUsageException(
            $"{option} {text}: unknown output '{name}' (expected one of: {string.Join(", ", All.Select(k => k.Usage))})");
        kind.Check(value);
        return new OutputSpec(kind.Name, value);
    }

    public static Kind? Find(string name) => All.FirstOrDefault(k => k.Name == name);
}
