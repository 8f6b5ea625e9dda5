using System.Text.RegularExpressions;
using Rampa.Core.Tests.Support;

namespace Rampa.Core.Tests;

/// <summary>
/// The docs stand on their own: every relative link of README.md and docs/ reaches a file of the repository (and a
/// heading, for an anchor), every docs anchor a comment cites (e.g. <c>docs/semantics.md#thresholds</c>) exists, and
/// nothing names the design notes the docs were written from, which live outside the repository.
/// </summary>
public sealed partial class DocsLinkTests
{
    private static readonly string Root = ScenarioFiles.RepoRoot;

    /// <summary>Folders that hold build output, tools or run results, not the repository's own text.</summary>
    private static readonly HashSet<string> Skipped =
        ["bin", "obj", ".git", ".tools", "node_modules", "artifacts", "rampa-results", "TestResults", "BenchmarkDotNet.Artifacts", ".vs", ".idea"];

    [GeneratedRegex(@"docs/([A-Za-z0-9_-]+\.md)#([A-Za-z0-9_-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex CitedAnchor();

    private static IEnumerable<string> MarkdownDocs() =>
        Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md").Select(f => Path.GetRelativePath(Root, f)).Prepend("README.md");

    /// <summary>The repository's own text files (build output, tools and binaries left out).</summary>
    private static IEnumerable<string> RepositoryTextFiles()
    {
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(Root)]);
        while (pending.TryPop(out var dir))
        {
            foreach (var sub in dir.EnumerateDirectories().Where(d => !Skipped.Contains(d.Name))) pending.Push(sub);
            foreach (var file in dir.EnumerateFiles().Where(f => f.Length < 2_000_000))
            {
                var text = File.ReadAllText(file.FullName);
                if (!text.Contains('\0')) yield return Path.GetRelativePath(Root, file.FullName);
            }
        }
    }

    [Fact]
    public void Every_relative_link_in_the_readme_and_docs_reaches_a_file_and_heading_of_the_repository()
    {
        var docs = MarkdownDocs().ToList();
        Assert.Contains(Path.Combine("docs", "semantics.md"), docs);
        var broken = MarkdownLinks.Broken(Root, docs);
        Assert.True(broken.Count == 0, "broken links:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void Every_docs_anchor_a_source_file_cites_exists()
    {
        var anchors = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        var cited = 0;
        var missing = new List<string>();
        foreach (var file in RepositoryTextFiles().Where(f => !f.EndsWith(".md", StringComparison.Ordinal)))
        {
            foreach (Match m in CitedAnchor().Matches(File.ReadAllText(Path.Combine(Root, file))))
            {
                cited++;
                var doc = Path.Combine(Root, "docs", m.Groups[1].Value);
                if (!anchors.TryGetValue(doc, out var known))
                    anchors[doc] = known = File.Exists(doc) ? MarkdownLinks.Anchors(File.ReadAllText(doc)) : new HashSet<string>();
                if (!known.Contains(m.Groups[2].Value)) missing.Add($"{file}: {m.Value}");
            }
        }
        Assert.True(cited > 0, "no source file cites a docs anchor: the check would prove nothing");
        Assert.True(missing.Count == 0, "cited anchors that no heading has:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void No_file_names_the_design_notes_that_live_outside_the_repository()
    {
        // Built from parts, so this file does not name them itself.
        string[] names = ["SEMANTICS" + ".md", "DESIGN" + ".md"];
        var offenders = RepositoryTextFiles()
            .Where(f => names.Any(n => File.ReadAllText(Path.Combine(Root, f)).Contains(n, StringComparison.Ordinal)))
            .ToList();
        Assert.True(offenders.Count == 0, "these files name a document that is not in the repository: " + string.Join(", ", offenders));
    }

    [Theory]
    [InlineData("Hot-path rules and how the code keeps them", "hot-path-rules-and-how-the-code-keeps-them")]
    [InlineData("Where a C# code scenario plugs in", "where-a-c-code-scenario-plugs-in")]
    [InlineData("src/Rampa.Storage", "srcrampastorage")]
    [InlineData("`arrival`", "arrival")]
    [InlineData("Reading report.html", "reading-reporthtml")]
    [InlineData("Distributed (Azure)", "distributed-azure")]
    [InlineData("Iterations: completed, interrupted, dropped", "iterations-completed-interrupted-dropped")]
    [InlineData("Installing `rampa` as a command", "installing-rampa-as-a-command")]
    [InlineData("See [the README](../README.md) first", "see-the-readme-first")]
    public void Headings_get_githubs_anchors(string heading, string anchor) => Assert.Equal(anchor, MarkdownLinks.Slug(heading));

    [Fact]
    public void The_link_check_finds_a_missing_file_a_missing_heading_and_a_path_outside_the_root()
    {
        var dir = Directory.CreateTempSubdirectory("rampa-doclinks-");
        try
        {
            var root = dir.FullName;
            Directory.CreateDirectory(Path.Combine(root, "guide"));
            File.WriteAllText(Path.Combine(root, "guide", "a.md"), "# A\n\n## Same\n\n## Same\n\n```\n## not a heading\n```\n");
            File.WriteAllText(Path.Combine(root, "README.md"), string.Join("\n",
                "[ok](guide/a.md) [ok](guide/a.md#a) [ok](guide/a.md#same-1) [ok](#top) [web](https://example.com/x.md)",
                "# Top",
                "[gone](guide/b.md)",
                "[no heading](guide/a.md#same-2)",
                "[in code](guide/a.md#not-a-heading)",
                "[away](../elsewhere/x.md)",
                "`[code span](nowhere.md)`",
                "```",
                "[fenced](nowhere.md)",
                "```"));

            var broken = MarkdownLinks.Broken(root, ["README.md"]);

            Assert.Equal(
            [
                "README.md:3: guide/b.md (no such file)",
                $"README.md:4: guide/a.md#same-2 (no heading with anchor #same-2 in {Path.Combine("guide", "a.md")})",
                $"README.md:5: guide/a.md#not-a-heading (no heading with anchor #not-a-heading in {Path.Combine("guide", "a.md")})",
                "README.md:6: ../elsewhere/x.md (outside the repository)",
            ], broken);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
