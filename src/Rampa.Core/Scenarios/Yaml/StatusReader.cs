using YamlDotNet.RepresentationModel;

namespace Rampa.Core.Scenarios.Yaml;

/// <summary>Reads status sets: <c>200</c>, <c>"200-299"</c>, or a list of those.</summary>
internal static class StatusReader
{
    public const string Expected = "a status code or range (e.g. 200 or \"200-299\"; codes 100-599)";

    /// <summary>A single item or a list of items; null after reporting every bad item.</summary>
    public static StatusSet? Read(LoadContext ctx, YamlNode node, string path)
    {
        var items = Yaml.Read.List(ctx, node, path, $"{Expected}, or a list of them", allowSingle: true);
        if (items is null) return null;
        if (items.Count == 0)
        {
            ctx.Error(node, path, $"expected at least one {Expected}");
            return null;
        }
        var ranges = new List<(int From, int To)>();
        var ok = true;
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = node is YamlSequenceNode ? $"{path}[{i}]" : path;
            var text = Yaml.Read.Text(ctx, items[i], itemPath, Expected);
            if (text is null) { ok = false; continue; }
            if (!StatusSet.TryParseItem(text, out var range))
            {
                ctx.Error(items[i], itemPath, $"'{text}' is not {Expected}");
                ok = false;
                continue;
            }
            ranges.Add(range);
        }
        return ok ? new StatusSet(ranges) : null;
    }
}
