using Rampa.Infra.Tests.Support;

namespace Rampa.Infra.Tests;

/// <summary>The silo image's Dockerfile, by its text (no docker on CI): multi-stage, builds Rampa.Silo from the
/// repository root, runs rampa-silo.dll as a non-root user.</summary>
public sealed class DockerfileTests
{
    private static string[] Lines => File.ReadAllLines(Repo.PathOf("src", "Rampa.Silo", "Dockerfile"))
        .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

    private static string[] Instructions(string keyword) =>
        Lines.Where(l => l.StartsWith(keyword + " ", StringComparison.OrdinalIgnoreCase)).ToArray();

    [Fact]
    public void Builds_with_the_sdk_and_runs_on_the_runtime()
    {
        var from = Instructions("FROM");
        Assert.Equal(2, from.Length);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", from[0]);
        Assert.Matches(@"^FROM mcr\.microsoft\.com/dotnet/(runtime|aspnet):10\.0\b", from[1]);
    }

    [Fact]
    public void Publishes_the_silo_project_from_the_repository_root()
    {
        Assert.Contains(Instructions("RUN"), r => r.Contains("dotnet publish src/Rampa.Silo/Rampa.Silo.csproj") && r.Contains("-c Release"));
        // Everything the build copies exists at the root of the context (the repository).
        foreach (var copy in Instructions("COPY").Where(c => !c.Contains("--from=")))
        {
            var parts = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1];
            Assert.All(parts, source => Assert.True(File.Exists(Repo.PathOf(source)) || Directory.Exists(Repo.PathOf(source)), $"{source} is not in the repository"));
        }
        Assert.Contains(Instructions("COPY"), c => c.StartsWith("COPY --from=build /app"));
    }

    [Fact]
    public void Runs_rampa_silo_as_a_non_root_user()
    {
        var user = Assert.Single(Instructions("USER"));
        Assert.DoesNotMatch(@"^USER\s+(root|0)(:|$)", user);
        var lines = Lines;
        // USER comes after the last FROM, so it applies to the runtime image.
        Assert.True(Array.FindLastIndex(lines, l => l.StartsWith("USER ")) > Array.FindLastIndex(lines, l => l.StartsWith("FROM ")));
        Assert.Equal("ENTRYPOINT [\"dotnet\", \"rampa-silo.dll\"]", Assert.Single(Instructions("ENTRYPOINT")));
    }

    [Fact]
    public void The_dockerignore_keeps_build_output_and_git_out_of_the_context()
    {
        var ignored = File.ReadAllLines(Repo.PathOf(".dockerignore")).Select(l => l.Trim()).ToHashSet();
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains(".git", ignored);
        // What the Dockerfile copies is not ignored.
        Assert.DoesNotContain("src/", ignored);
        Assert.DoesNotContain("Directory.Packages.props", ignored);
    }
}
