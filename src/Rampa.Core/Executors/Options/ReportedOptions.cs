namespace Rampa.Core.Executors;

/// <summary>
/// Options whose problem was already told (a bad value, a missing required option), so that validation does not tell it
/// again. An option covers its items and fields: <c>stages</c> covers <c>stages[1].target</c>.
/// </summary>
internal sealed class ReportedOptions
{
    private readonly HashSet<string> _bad = new(StringComparer.Ordinal);

    public void Mark(string option) => _bad.Add(option);

    /// <summary>Forgets an option's problems (its value is replaced, e.g. by a command-line override).</summary>
    public void Unmark(string option) =>
        _bad.RemoveWhere(b => b == option || b.StartsWith(option + "[", StringComparison.Ordinal));

    public bool Covers(string option) =>
        _bad.Any(b => option == b
            || option.StartsWith(b + "[", StringComparison.Ordinal) || option.StartsWith(b + ".", StringComparison.Ordinal)
            || b.StartsWith(option + "[", StringComparison.Ordinal));
}
