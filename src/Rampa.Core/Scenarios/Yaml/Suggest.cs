namespace Rampa.Core.Scenarios.Yaml;

/// <summary>"Did you mean ...?": the known names within a small edit distance of what was written.</summary>
internal static class Suggest
{
    /// <summary>Known names close to <paramref name="written"/> (case-insensitive equality first, then by distance).</summary>
    public static IReadOnlyList<string> Close(string written, IEnumerable<string> known)
    {
        var lower = written.ToLowerInvariant();
        var limit = Math.Max(1, Math.Min(3, written.Length / 3));
        return known
            .Select(k => (Name: k, Distance: Distance(lower, k.ToLowerInvariant())))
            .Where(x => x.Distance <= limit)
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Name, StringComparer.Ordinal)
            .Select(x => x.Name)
            .Take(3)
            .ToList();
    }

    /// <summary>"; did you mean 'x'?" or an empty string when nothing is close.</summary>
    public static string DidYouMean(string written, IEnumerable<string> known)
    {
        var close = Close(written, known);
        return close.Count == 0 ? "" : $"; did you mean {string.Join(" or ", close.Select(c => $"'{c}'"))}?";
    }

    /// <summary>Edit distance where swapping two neighbouring letters counts as one edit ("vsu" is 1 from "vus").</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
