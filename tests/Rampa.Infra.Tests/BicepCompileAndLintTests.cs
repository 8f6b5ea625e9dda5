using Rampa.Infra.Tests.Support;

namespace Rampa.Infra.Tests;

/// <summary>Every template compiles and passes the strict linter (bicepconfig.json: core rules as errors), offline.</summary>
public sealed class BicepCompileAndLintTests
{
    public static TheoryData<string> BicepFiles() => new(Repo.BicepFiles.Select(f => Path.GetRelativePath(Repo.Root, f)));

    [Fact]
    public void The_bicep_binary_comes_from_the_pinned_package()
    {
        var result = Bicep.Run("--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Bicep CLI version {Bicep.ExpectedVersion} ", result.StdOut);
        Assert.Contains(Path.Combine("azure.bicep.commandline.linux-x64", Bicep.ExpectedVersion, "tools", "bicep"), Bicep.BinaryPath);
    }

    [Fact]
    public void Main_bicep_builds_with_no_diagnostics()
    {
        var result = Bicep.Run("build", Repo.PathOf("infra", "main.bicep"), "--stdout");
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal("", result.StdErr.Trim());
        Assert.StartsWith("{", result.StdOut.TrimStart());
    }

    [Fact]
    public void The_entry_point_and_every_module_are_there()
    {
        var names = Repo.BicepFiles.Select(f => Path.GetRelativePath(Repo.Root, f).Replace('\\', '/')).ToArray();
        Assert.Equal(
            ["bicep/environment.bicep", "bicep/identity.bicep", "bicep/monitoring.bicep", "bicep/network.bicep", "bicep/registry.bicep",
             "bicep/silo.bicep", "bicep/storage.bicep", "bicep/workbook.bicep", "infra/main.bicep"],
            names);
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Lints_clean(string file)
    {
        var result = Bicep.Run("lint", Repo.PathOf(file));
        Assert.True(result.ExitCode == 0, $"bicep lint {file} failed:\n{result.StdErr}{result.StdOut}");
        Assert.Equal("", (result.StdErr + result.StdOut).Trim());
    }

    [Fact]
    public void The_linter_is_strict_an_unused_parameter_fails_it()
    {
        // A probe below the repository root picks up the repository's bicepconfig.json, as the real templates do.
        var dir = Path.Combine(AppContext.BaseDirectory, "lint-probe");
        Directory.CreateDirectory(dir);
        var probe = Path.Combine(dir, "probe.bicep");
        File.WriteAllText(probe, "param unused string\n");
        var result = Bicep.Run("lint", probe);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Error no-unused-params", result.StdErr + result.StdOut);
    }
}
