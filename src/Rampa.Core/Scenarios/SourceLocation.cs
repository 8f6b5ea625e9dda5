namespace Rampa.Core.Scenarios;

/// <summary>A place in a scenario file (1-based line and column); line 0 for a file as a whole (an assembly without symbols).</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => Line <= 0 ? File : $"{File}:{Line}:{Column}";
}

/// <summary>One problem in a scenario file: where, which key, and what is wrong.</summary>
public sealed record ScenarioError(SourceLocation Location, string Key, string Message)
{
    public override string ToString() => string.IsNullOrEmpty(Key) ? $"{Location}: {Message}" : $"{Location}: {Key}: {Message}";
}

/// <summary>Thrown when a scenario cannot be loaded; carries every error found, not just the first.</summary>
public sealed class ScenarioLoadException(IReadOnlyList<ScenarioError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<ScenarioError> Errors { get; } = errors;
}
