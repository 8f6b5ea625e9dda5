namespace Rampa.Core.Artifacts;

/// <summary>
/// Checks run ids and artifact names before they become parts of a path or a blob name: each must be one plain
/// segment, so a name can never climb out of its run's folder or prefix ("../x", "a/b").
/// </summary>
public static class ArtifactNames
{
    public static void ValidateRunId(string runId) => Validate(runId, "run id");

    public static void ValidateName(string name) => Validate(name, "artifact name");

    public static bool IsValid(string value) => Problem(value) is null;

    private static void Validate(string value, string what)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Problem(value) is { } problem)
            throw new ArgumentException($"invalid {what} '{value}': {problem}");
    }

    private static string? Problem(string value)
    {
        if (value.Length == 0) return "it is empty";
        if (value is "." or "..") return "it is not a name";
        if (value.Length > 200) return "it is longer than 200 characters";
        foreach (var c in value)
        {
            if (c is '/' or '\\') return "it must not contain '/' or '\\'";
            if (char.IsControl(c)) return "it must not contain control characters";
        }
        if (value.Trim().Length != value.Length) return "it must not start or end with white space";
        return null;
    }
}
