using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Rampa.Silo;

/// <summary>
/// Orleans' log lines, one per entry: time, level, category, message, and an exception as its type and first line.
/// A silo that cannot reach its storage otherwise prints the same 100-line stack trace twice (Orleans, then the host)
/// above the one line that says what is wrong. At Debug or Trace the full exception is kept, for whoever asks.
/// </summary>
internal sealed class OneLineConsoleFormatter(bool fullExceptions) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "rampa-one-line";

    public override void Write<TState>(in LogEntry<TState> entry, IExternalScopeProvider? scopeProvider, TextWriter writer)
    {
        var message = entry.Formatter(entry.State, entry.Exception);
        writer.Write(DateTime.Now.ToString("HH:mm:ss.fff "));
        writer.Write(Level(entry.LogLevel));
        writer.Write(' ');
        writer.Write(entry.Category);
        writer.Write(": ");
        writer.Write(Flatten(message));
        if (entry.Exception is { } e)
            writer.Write(fullExceptions ? Environment.NewLine + e : $" ({ErrorText.OneLine(e)})");
        writer.WriteLine();
    }

    private static string Flatten(string text) => text.ReplaceLineEndings(" ");

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
