using YamlDotNet.RepresentationModel;

namespace Rampa.Core.Scenarios.Yaml;

/// <summary>One key of a YAML mapping: its name, key and value nodes, and its dotted path for messages.</summary>
internal sealed record Field(string Name, YamlScalarNode Key, YamlNode Value, string Path);

/// <summary>
/// A YAML mapping read as named fields, in file order. Reports non-text keys; lets the reader report unknown keys
/// once it has taken the ones it knows.
/// </summary>
internal sealed class Fields
{
    private readonly List<Field> _all = [];
    private readonly Dictionary<string, Field> _byName = new(StringComparer.Ordinal);

    private Fields(YamlNode node, string path)
    {
        Node = node;
        Path = path;
    }

    /// <summary>The mapping (or the empty value standing for an empty mapping): where to point when a key is missing.</summary>
    public YamlNode Node { get; }
    /// <summary>The mapping's own dotted path ("" at the top level).</summary>
    public string Path { get; }
    public IReadOnlyList<Field> All => _all;

    public Field? this[string name] => _byName.GetValueOrDefault(name);
    public bool Has(string name) => _byName.ContainsKey(name);
    public bool TryGet(string name, out Field field) => _byName.TryGetValue(name, out field!);

    /// <summary>The dotted path of a child key.</summary>
    public string PathOf(string name) => Join(Path, name);

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>
    /// Reads <paramref name="node"/> as a mapping; reports an error and returns null when it is something else.
    /// An empty value (<c>key:</c> with nothing after it) reads as an empty mapping.
    /// </summary>
    public static Fields? Of(LoadContext ctx, YamlNode node, string path, string expected = "a mapping of keys to values")
    {
        if (node is YamlScalarNode s && Read.IsNull(s))
            return new Fields(node, path);
        if (node is not YamlMappingNode map)
        {
            ctx.Error(node, path, $"expected {expected}, got {Read.Describe(node)}");
            return null;
        }
        var fields = new Fields(map, path);
        foreach (var (k, v) in map.Children)
        {
            if (k is not YamlScalarNode key || key.Value is null)
            {
                ctx.Error(k, path, "keys must be plain text");
                continue;
            }
            var field = new Field(key.Value, key, v, Join(path, key.Value));
            if (fields._byName.TryAdd(key.Value, field)) fields._all.Add(field);
        }
        return fields;
    }

    /// <summary>
    /// Reports every key not in <paramref name="known"/>: "unknown {noun} 'x'{context}", suggesting close known names.
    /// </summary>
    public void ReportUnknown(LoadContext ctx, IReadOnlyCollection<string> known, string noun = "key", string context = "")
    {
        foreach (var f in _all)
            if (!known.Contains(f.Name))
                ctx.Error(f.Key, f.Path, $"unknown {noun} '{f.Name}'{context}{Suggest.DidYouMean(f.Name, known)}");
    }
}
