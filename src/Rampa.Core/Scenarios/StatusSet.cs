using System.Globalization;

namespace Rampa.Core.Scenarios;

/// <summary>A set of HTTP statuses made of single codes and inclusive ranges, e.g. <c>200</c>, <c>"200-399"</c>.</summary>
public sealed record StatusSet(IReadOnlyList<(int From, int To)> Ranges)
{
    public static readonly StatusSet Default = new([(200, 399)]);

    public bool Contains(int status)
    {
        foreach (var (from, to) in Ranges)
            if (status >= from && status <= to) return true;
        return false;
    }

    /// <summary>Parses one item: <c>200</c> or <c>200-399</c>.</summary>
    public static bool TryParseItem(string text, out (int From, int To) range)
    {
        range = default;
        var parts = text.Trim().Split('-', 2);
        if (!int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var from)) return false;
        var to = from;
        if (parts.Length == 2 && !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out to)) return false;
        if (from < 100 || to > 599 || to < from) return false;
        range = (from, to);
        return true;
    }

    public override string ToString() => string.Join(",", Ranges.Select(r => r.From == r.To ? r.From.ToString(CultureInfo.InvariantCulture) : $"{r.From}-{r.To}"));
}
