using System.Text;

namespace Rampa.Cli;

/// <summary>
/// The global usage and each command's help, rendered from <see cref="CliCommands"/> so that the help lists exactly the
/// options the parser accepts.
/// </summary>
internal static class HelpText
{
    private const int Width = 110;
    private const int NamesColumn = 30;

    private const string ExitCodes =
        "Exit codes: 0 passed, 99 thresholds failed, 104 invalid scenario or options, 105 interrupted (Ctrl-C/SIGTERM), " +
        "97 the cluster or the run failed, 110 the load generator was saturated (with --fail-on-saturation).";

    public static string Usage
    {
        get
        {
            var text = new StringBuilder();
            text.AppendLine("rampa: load testing on Orleans, from a laptop to a fleet.").AppendLine();
            text.AppendLine("Usage: rampa COMMAND [ARGUMENT] [options]").AppendLine();
            text.AppendLine("Commands:");
            var rows = CliCommands.All.Select(c => (Names: $"{c.Name}{(c.Argument is null ? "" : " " + c.Argument)}", c.Summary))
                .ToList();
            rows.Insert(rows.FindIndex(r => r.Names.StartsWith("version", StringComparison.Ordinal)),
                (CliCommands.SiloName + " [options]", CliCommands.SiloSummary));
            foreach (var (names, summary) in rows) AppendRow(text, "  " + names, summary, 20);
            text.AppendLine();
            text.AppendLine("Run 'rampa COMMAND --help' (or 'rampa help COMMAND') for a command's options and examples.");
            text.AppendLine();
            AppendWrapped(text, ExitCodes, "");
            return text.ToString().TrimEnd();
        }
    }

    /// <summary>The help of one command, or null if there is no such command.</summary>
    public static string? For(string name)
    {
        if (name == CliCommands.SiloName) return Rampa.Silo.RampaSiloOptions.Usage;
        return CliCommands.Find(name) is { } command ? For(command) : null;
    }

    public static string For(CliCommand command)
    {
        var text = new StringBuilder();
        AppendWrapped(text, $"rampa {command.Name}: {command.Summary}", "");
        text.AppendLine().AppendLine($"Usage: {command.Usage}");
        if (command.Details is { } details)
        {
            text.AppendLine();
            AppendWrapped(text, details, "");
        }
        text.AppendLine().AppendLine("Options:");
        foreach (var option in command.AllOptions) AppendRow(text, "  " + option.Names, option.Described, NamesColumn);
        if (command.Examples.Count > 0)
        {
            text.AppendLine().AppendLine("Examples:");
            foreach (var example in command.Examples) text.AppendLine("  " + example);
        }
        if (command.ExitCodes.Count > 0)
        {
            text.AppendLine().AppendLine("Exit codes:");
            foreach (var (code, meaning) in command.ExitCodes) AppendRow(text, "  " + code, meaning, 8);
        }
        return text.ToString().TrimEnd();
    }

    /// <summary>A two-column row: the names, then the text wrapped under its own column.</summary>
    private static void AppendRow(StringBuilder text, string names, string description, int column)
    {
        var indent = new string(' ', column);
        if (names.Length >= column - 1)
        {
            text.AppendLine(names);
            AppendWrapped(text, description, indent, indent);
        }
        else
        {
            AppendWrapped(text, description, names.PadRight(column), indent);
        }
    }

    private static void AppendWrapped(StringBuilder text, string words, string indent) => AppendWrapped(text, words, "", indent);

    /// <summary>Words wrapped at <see cref="Width"/> columns: the first line after <paramref name="first"/>, the rest after <paramref name="indent"/>.</summary>
    private static void AppendWrapped(StringBuilder text, string words, string first, string indent)
    {
        var line = new StringBuilder(first);
        var empty = true;
        foreach (var word in words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && line.Length + 1 + word.Length > Width)
            {
                text.AppendLine(line.ToString());
                line.Clear().Append(indent);
                empty = true;
            }
            if (!empty) line.Append(' ');
            line.Append(word);
            empty = false;
        }
        text.AppendLine(line.ToString());
    }
}
