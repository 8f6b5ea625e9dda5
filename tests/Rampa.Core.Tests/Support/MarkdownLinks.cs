using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Rampa.Core.Tests.Support;

/// <summary>
/// Just enough Markdown to check a repository's links: the links of a file (outside code), the anchors its headings
/// get on GitHub, and the broken ones among the links of a set of files.
/// </summary>
internal static partial class MarkdownLinks
{
    [GeneratedRegex(@"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+""[^""]*"")?\s*\)", RegexOptions.CultureInvariant)]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Heading();

    [GeneratedRegex(@"<a\s+(?:id|name)\s*=\s*""([^""]+)""", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex HtmlAnchor();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:", RegexOptions.CultureInvariant)]
    private static partial Regex Scheme();

    [GeneratedRegex(@"`+[^`]*`+", RegexOptions.CultureInvariant)]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"!?\[([^\]]*)\]\([^)]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex LinkText();

    /// <summary>The file's lines outside fenced code blocks, with their 1-based numbers.</summary>
    public static IEnumerable<(int Number, string Text)> ProseLines(string markdown)
    {
        string? fence = null;
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var trimmed = line.TrimStart();
            if (fence is null && (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal)))
            {
                fence = trimmed[..3];
                continue;
            }
            if (fence is not null)
            {
                if (trimmed.StartsWith(fence, StringComparison.Ordinal)) fence = null;
                continue;
            }
            yield return (i + 1, line);
        }
    }

    /// <summary>Every inline link or image target of the file, outside code blocks and code spans.</summary>
    public static IEnumerable<(int Line, string Target)> Links(string markdown) =>
        from line in ProseLines(markdown)
        from Match m in InlineLink().Matches(CodeSpan().Replace(line.Text, ""))
        select (line.Number, m.Groups[1].Value);

    /// <summary>GitHub's anchor for a heading: markup dropped, lower case, punctuation other than '-' and '_' removed, spaces as '-'.</summary>
    public static string Slug(string heading)
    {
        var text = LinkText().Replace(heading, "$1").Replace("`", "", StringComparison.Ordinal);
        var slug = new StringBuilder();
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            if (c == ' ') slug.Append('-');
            else if (c is '-' or '_' || char.IsLetterOrDigit(c)) slug.Append(c);
        }
        return slug.ToString();
    }

    /// <summary>The anchors of a file: one per heading (a repeated slug gets -1, -2, ...), plus explicit HTML anchors.</summary>
    public static IReadOnlySet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, text) in ProseLines(markdown))
        {
            foreach (Match a in HtmlAnchor().Matches(text)) anchors.Add(a.Groups[1].Value);
            var h = Heading().Match(text);
            if (!h.Success) continue;
            var slug = Slug(h.Groups[2].Value);
            var n = seen.GetValueOrDefault(slug);
            seen[slug] = n + 1;
            anchors.Add(n == 0 ? slug : slug + "-" + n.ToString(CultureInfo.InvariantCulture));
        }
        return anchors;
    }

    /// <summary>
    /// The links of <paramref name="files"/> (paths under <paramref name="root"/>) that point nowhere: a relative path
    /// that does not exist, a path that leaves the root, or an anchor that no heading of the target file has. Links
    /// with a scheme (https:, mailto:) are not followed. Each is "file:line: target (why)".
    /// </summary>
    public static IReadOnlyList<string> Broken(string root, IEnumerable<string> files)
    {
        var fullRoot = Path.GetFullPath(root);
        var broken = new List<string>();
        foreach (var file in files)
        {
            var path = Path.GetFullPath(Path.Combine(fullRoot, file));
            var text = File.ReadAllText(path);
            foreach (var (line, target) in Links(text))
            {
                if (Scheme().IsMatch(target)) continue; // https:, mailto:, ...
                var hash = target.IndexOf('#');
                var pathPart = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
                var anchor = hash < 0 ? null : target[(hash + 1)..];
                var resolved = pathPart.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, pathPart));
                string? why = null;
                if (!resolved.StartsWith(fullRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal) && resolved != fullRoot)
                    why = "outside the repository";
                else if (!File.Exists(resolved) && !Directory.Exists(resolved))
                    why = "no such file";
                else if (anchor is not null && resolved.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && File.Exists(resolved)
                         && !Anchors(File.ReadAllText(resolved)).Contains(anchor))
                    why = $"no heading with anchor #{anchor} in {Path.GetRelativePath(fullRoot, resolved)}";
                if (why is not null) broken.Add($"{file}:{line}: {target} ({why})");
            }
        }
        return broken;
    }
}
