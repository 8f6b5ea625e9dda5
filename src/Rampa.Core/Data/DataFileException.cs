namespace Rampa.Core.Data;

/// <summary>
/// A data file that cannot be used: missing, empty, or malformed at a place (<see cref="Line"/>, <see cref="Column"/>,
/// 1-based; 0 when the problem is the whole file). The message names the file and the place, e.g.
/// <c>users.csv:14:9: a quoted field is not closed</c>.
/// </summary>
public sealed class DataFileException(string file, int line, int column, string problem)
    : Exception(line > 0 ? $"{file}:{line}:{column}: {problem}" : $"{file}: {problem}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public int Column { get; } = column;
    public string Problem { get; } = problem;
}
