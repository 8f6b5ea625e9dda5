namespace Rampa.Cli;

/// <summary>
/// One command of <c>rampa</c>: what the global usage lists, what <c>rampa COMMAND --help</c> prints, and which options
/// the parser lets through for it (<see cref="Options"/>; <c>-h, --help</c> is added to every command).
/// </summary>
public sealed record CliCommand
{
    /// <summary><c>run</c>, <c>report</c>, ...</summary>
    public required string Name { get; init; }

    /// <summary>The positional argument's placeholder (<c>FILE</c>, <c>RUN</c>, <c>status</c>), or null when it takes none.</summary>
    public string? Argument { get; init; }

    /// <summary>The error for an argument given to a command that takes none, if it should say more than that.</summary>
    public Func<string, string>? UnexpectedArgument { get; init; }

    /// <summary>One line: what it does (the global usage's list, and the first line of its help).</summary>
    public required string Summary { get; init; }

    /// <summary>A few sentences more for its help, if any.</summary>
    public string? Details { get; init; }

    public IReadOnlyList<CliOption> Options { get; init; } = [];

    /// <summary>One or two command lines, each with an optional comment after <c>#</c>.</summary>
    public IReadOnlyList<string> Examples { get; init; } = [];

    /// <summary>The exit codes it can end with, where they matter.</summary>
    public IReadOnlyList<(int Code, string Meaning)> ExitCodes { get; init; } = [];

    /// <summary><c>rampa run FILE [options]</c>.</summary>
    public string Usage => $"rampa {Name}{(Argument is null ? "" : " " + Argument)}{(Options.Count > 0 ? " [options]" : "")}";

    /// <summary>Every option it takes, its own and <c>--help</c>, in the order the help lists them.</summary>
    public IEnumerable<CliOption> AllOptions => Options.Append(CliOptions.Help);
}
