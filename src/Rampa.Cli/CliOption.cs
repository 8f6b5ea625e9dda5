namespace Rampa.Cli;

/// <summary>
/// One command-line option: its names, what it means (for the help) and how it sets <see cref="CliArguments"/> (for the
/// parser). A command lists the options it takes (<see cref="CliCommand.Options"/>); the same entry drives both.
/// </summary>
public sealed record CliOption
{
    /// <summary>The long name, e.g. <c>--vus</c>.</summary>
    public required string Long { get; init; }

    /// <summary>The one-letter name, e.g. <c>-u</c>, if any.</summary>
    public string? Short { get; init; }

    /// <summary>The value's placeholder in the help (<c>N</c>, <c>FILE</c>); null for a flag, which takes no value.</summary>
    public string? Value { get; init; }

    /// <summary>What it does, one sentence or two; the help wraps it.</summary>
    public required string Help { get; init; }

    /// <summary>The default the help shows, if it is worth saying.</summary>
    public string? Default { get; init; }

    /// <summary>The environment variable that gives the default, if any.</summary>
    public string? EnvVar { get; init; }

    /// <summary>
    /// Sets the option on the arguments parsed so far: (arguments, the name as typed, the value; empty for a flag). Throws
    /// <see cref="CliUsageException"/> naming the option and the value when the value is bad.
    /// </summary>
    public required Func<CliArguments, string, string, CliArguments> Apply { get; init; }

    public bool IsFlag => Value is null;

    public bool Matches(string name) => name == Long || (Short is not null && name == Short);

    /// <summary><c>-u, --vus N</c> or <c>    --base-url URL</c>: the names column of the help.</summary>
    public string Names => (Short is null ? "    " : Short + ", ") + Long + (Value is null ? "" : " " + Value);

    /// <summary>The help text with its default: <c>(default: $RAMPA_X, else y)</c>.</summary>
    public string Described
    {
        get
        {
            var source = (EnvVar, Default) switch
            {
                (not null, not null) => $"${EnvVar}, else {Default}",
                (not null, null) => "$" + EnvVar,
                (null, not null) => Default,
                _ => null,
            };
            return source is null ? Help : $"{Help} (default: {source})";
        }
    }
}
