using Rampa.Cli;

namespace Rampa.Cli.Tests;

public sealed class CliArgumentsTests
{
    [Fact]
    public void No_arguments_means_help() => Assert.Equal("help", CliArguments.Parse([]).Command);

    [Fact]
    public void Run_with_every_option()
    {
        var a = CliArguments.Parse(["run", "s.yaml", "-u", "5", "--duration=1m30s", "-i", "100", "-e", "A=1", "--env", "B=x=y",
            "--base-url", "http://127.0.0.1:9/", "--summary-export", "o.json", "--out-dir", "r", "-q", "--no-color"]);
        Assert.Equal("run", a.Command);
        Assert.Equal("s.yaml", a.File);
        Assert.Equal(5, a.Vus);
        Assert.Equal(TimeSpan.FromSeconds(90), a.Duration);
        Assert.Equal(100, a.Iterations);
        Assert.Equal("1", a.Env["A"]);
        Assert.Equal("x=y", a.Env["B"]);
        Assert.Equal("http://127.0.0.1:9/", a.BaseUrl);
        Assert.Equal("o.json", a.SummaryExport);
        Assert.Equal("r", a.OutDir);
        Assert.True(a.Quiet);
        Assert.True(a.NoColor);
    }

    [Fact]
    public void Strict_thresholds_is_a_flag_off_by_default()
    {
        Assert.False(CliArguments.Parse(["run", "s.yaml"]).StrictThresholds);
        Assert.True(CliArguments.Parse(["run", "s.yaml", "--strict-thresholds"]).StrictThresholds);
        Assert.Equal("s.yaml", CliArguments.Parse(["run", "--strict-thresholds", "s.yaml"]).File);
    }

    [Theory]
    [InlineData(new[] { "fly" }, "unknown command 'fly'")]
    [InlineData(new[] { "run", "a.yaml", "--vus", "0" }, "option --vus: '0'")]
    [InlineData(new[] { "run", "a.yaml", "--vus", "abc" }, "option --vus: 'abc'")]
    [InlineData(new[] { "run", "a.yaml", "--duration", "-3s" }, "option --duration: '-3s'")]
    [InlineData(new[] { "run", "a.yaml", "--duration", "30" }, "option --duration: '30'")]
    [InlineData(new[] { "run", "a.yaml", "-e", "NOEQUALS" }, "option -e: 'NOEQUALS' is not NAME=VALUE")]
    [InlineData(new[] { "run", "a.yaml", "--base-url", "ftp://x" }, "option --base-url: 'ftp://x'")]
    [InlineData(new[] { "run", "a.yaml", "--frob" }, "unknown option '--frob' for 'run'")]
    [InlineData(new[] { "run", "a.yaml", "b.yaml" }, "unexpected argument 'b.yaml'")]
    [InlineData(new[] { "run", "a.yaml", "--vus" }, "option --vus needs a value")]
    [InlineData(new[] { "target", "--port", "70000" }, "option --port: '70000'")]
    [InlineData(new[] { "run", "a.yaml", "--trend-stats", "avg" }, "option --trend-stats is not an option of 'run' (only of 'report')")]
    [InlineData(new[] { "run", "a.yaml", "-p", "80" }, "option -p is not an option of 'run' (only of 'demo', 'target')")]
    [InlineData(new[] { "report", "r1", "--vus=3" }, "option --vus is not an option of 'report' (only of 'run', 'validate')")]
    [InlineData(new[] { "validate", "a.yaml", "--out-dir", "x" }, "option --out-dir is not an option of 'validate'")]
    [InlineData(new[] { "target", "a.yaml" }, "'target' takes no argument (got 'a.yaml')")]
    [InlineData(new[] { "version", "--quiet" }, "option --quiet is not an option of 'version'")]
    [InlineData(new[] { "demo", "a.yaml" }, "'demo' runs the bundled quickstart and takes no scenario file (got 'a.yaml'); use 'rampa run a.yaml'")]
    public void Mistakes_name_the_option_and_the_value(string[] args, string message)
    {
        var e = Assert.Throws<CliUsageException>(() => CliArguments.Parse(args));
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("validate")]
    [InlineData("demo")]
    [InlineData("target")]
    [InlineData("report")]
    [InlineData("cluster")]
    [InlineData("version")]
    public void Help_after_a_command_asks_for_its_help(string command)
    {
        Assert.True(CliArguments.Parse([command, "--help"]).Help);
        Assert.True(CliArguments.Parse([command, "-h"]).Help);
        Assert.Equal(command, CliArguments.Parse([command, "-h"]).Command);
    }

    [Fact]
    public void Help_wins_over_a_mistake_beside_it()
    {
        var a = CliArguments.Parse(["run", "--vus", "abc", "--frob", "--help"]);
        Assert.True(a.Help);
        Assert.Equal("run", a.Command);
        Assert.True(CliArguments.Parse(["cluster", "status", "--help"]).Help);
    }

    [Fact]
    public void Help_with_a_command_names_it()
    {
        var a = CliArguments.Parse(["help", "report"]);
        Assert.Equal("help", a.Command);
        Assert.Equal("report", a.File);
        Assert.False(a.Help);
        Assert.Equal("help", CliArguments.Parse(["--help"]).Command);
        Assert.Equal("version", CliArguments.Parse(["--version"]).Command);
    }

    [Fact]
    public void Report_and_cluster_take_their_own_options()
    {
        var r = CliArguments.Parse(["report", "r1", "--trend-stats", "avg,p(99.9)", "--out-dir", "o", "--artifacts-blob", "UseDevelopmentStorage=true", "--no-color"]);
        Assert.Equal(["avg", "p(99.9)"], r.TrendStats);
        Assert.Equal("o", r.OutDir);
        var c = CliArguments.Parse(["cluster", "status", "--cluster", "UseDevelopmentStorage=true", "--artifacts-container", "runs"]);
        Assert.Equal("status", c.File);
        Assert.Equal("runs", c.ArtifactsContainer);
        Assert.Equal(5080, CliArguments.Parse(["target", "-p", "5080"]).Port);
    }
}
