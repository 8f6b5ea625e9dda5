namespace Rampa.Integration.Tests;

/// <summary>
/// A new user's first contact: `rampa COMMAND --help` prints that command's own options (and `rampa help COMMAND` the
/// same), and an option of another command is refused by name with exit 104.
/// </summary>
[Collection("cli")]
public sealed class HelpTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Theory]
    [InlineData("run", "FILE", "--vus,--duration,--iterations,--env,--base-url,--summary-export,--out-dir,--artifacts-blob,--artifacts-container,--cluster,--quiet,--no-color", "--trend-stats,--port")]
    [InlineData("validate", "FILE", "--vus,--duration,--iterations,--env,--base-url", "--out-dir,--cluster,--quiet,--trend-stats,--port")]
    [InlineData("demo", "", "--port,--summary-export,--out-dir,--artifacts-blob,--quiet,--no-color", "--vus,--cluster,--trend-stats")]
    [InlineData("target", "", "--port", "--vus,--out-dir,--quiet")]
    [InlineData("report", "RUN", "--trend-stats,--out-dir,--artifacts-blob,--artifacts-container,--no-color", "--vus,--cluster,--quiet,--port")]
    [InlineData("cluster", "status", "--cluster,--artifacts-container", "--vus,--out-dir,--quiet")]
    [InlineData("version", "", "", "--vus,--out-dir,--quiet")]
    public async Task Each_command_prints_its_own_help(string command, string argument, string own, string foreign)
    {
        var help = await RampaProcess.RunAsync(_ws.Dir, command, "--help");
        Assert.True(help.ExitCode == 0, help.Output);
        Assert.StartsWith($"rampa {command}: ", help.Stdout);
        Assert.Contains($"Usage: rampa {command}{(argument.Length > 0 ? " " + argument : "")}", help.Stdout);
        var options = OptionsSection(help.Stdout);
        foreach (var option in own.Split(',', StringSplitOptions.RemoveEmptyEntries)) Assert.Contains(option + " ", options + " ");
        foreach (var option in foreign.Split(',')) Assert.DoesNotContain(option + " ", options);
        Assert.Contains("--help", options);
        Assert.Contains("Examples:", help.Stdout);

        var same = await RampaProcess.RunAsync(_ws.Dir, "help", command);
        Assert.Equal(0, same.ExitCode);
        Assert.Equal(help.Stdout, same.Stdout);
    }

    [Fact]
    public async Task Cluster_status_help_is_the_cluster_help()
    {
        var status = await RampaProcess.RunAsync(_ws.Dir, "cluster", "status", "--help");
        var cluster = await RampaProcess.RunAsync(_ws.Dir, "cluster", "-h");
        Assert.Equal(0, status.ExitCode);
        Assert.Equal(cluster.Stdout, status.Stdout);
    }

    [Fact]
    public async Task The_usage_lists_the_commands_and_points_to_their_help()
    {
        var usage = await RampaProcess.RunAsync(_ws.Dir);
        Assert.Equal(0, usage.ExitCode);
        foreach (var command in new[] { "run", "validate", "demo", "target", "report", "cluster status", "silo", "version" })
            Assert.Contains("  " + command, usage.Stdout);
        Assert.Contains("rampa COMMAND --help", usage.Stdout);
        Assert.DoesNotContain("--trend-stats", usage.Stdout);
    }

    [Fact]
    public async Task Silo_keeps_its_own_help()
    {
        foreach (var args in new[] { new[] { "silo", "--help" }, ["help", "silo"] })
        {
            var help = await RampaProcess.RunAsync(_ws.Dir, args);
            Assert.True(help.ExitCode == 0, help.Output);
            Assert.StartsWith("usage: rampa silo --storage STORAGE --cluster-id ID", help.Stdout);
            Assert.Contains("--failure-detection", help.Stdout);
        }
    }

    [Theory]
    [InlineData("option --trend-stats is not an option of 'run' (only of 'report')", "run", "a.yaml", "--trend-stats", "avg")]
    [InlineData("option --vus is not an option of 'report' (only of 'run', 'validate')", "report", "r1", "--vus", "3")]
    [InlineData("option -p is not an option of 'validate' (only of 'demo', 'target')", "validate", "a.yaml", "-p", "8080")]
    [InlineData("unknown option '--frob' for 'target'", "target", "--frob")]
    [InlineData("unknown command 'nope'", "help", "nope")]
    public async Task An_option_of_another_command_is_refused_by_name(string message, params string[] args)
    {
        var run = await RampaProcess.RunAsync(_ws.Dir, args);
        Assert.True(run.ExitCode == 104, run.Output);
        Assert.Contains("rampa: " + message, run.Stderr);
        Assert.Contains(args[0] == "help" ? "run 'rampa help' for usage" : $"run 'rampa {args[0]} --help' for usage", run.Stderr);
        Assert.DoesNotContain("Exception", run.Output);
        Assert.Empty(run.Stdout);
    }

    private static string OptionsSection(string help)
    {
        var start = help.IndexOf("Options:", StringComparison.Ordinal);
        var end = help.IndexOf("Examples:", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, help);
        return help[start..end];
    }
}
