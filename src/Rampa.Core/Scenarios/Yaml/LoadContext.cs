using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Rampa.Core.Scenarios.Yaml;

/// <summary>The file being loaded and every error found so far (loading goes on after an error, to report all).</summary>
internal sealed class LoadContext(string file)
{
    private readonly List<ScenarioError> _errors = [];
    private readonly HashSet<ScenarioError> _seen = [];

    public string File { get; } = file;
    /// <summary>The C# scenarios <c>exec:</c> may name (a loaded scenario assembly); null for a YAML-only run.</summary>
    public ICodeScenarios? Code { get; init; }
    public bool HasErrors => _errors.Count > 0;
    public int ErrorCount => _errors.Count;

    /// <summary>Errors in file order (by line, then column; ties keep the order found).</summary>
    public IReadOnlyList<ScenarioError> Errors =>
        [.. _errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column)];

    public SourceLocation At(YamlNode node) => At(node.Start);

    public SourceLocation At(Mark mark) =>
        new(File, (int)Math.Clamp(mark.Line, 1, int.MaxValue), (int)Math.Clamp(mark.Column, 1, int.MaxValue));

    public void Error(YamlNode node, string key, string message) => Error(At(node), key, message);

    public void Error(SourceLocation location, string key, string message)
    {
        var error = new ScenarioError(location, key, message);
        if (_seen.Add(error)) _errors.Add(error);
    }
}
