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
    public void Mistakes_name_the_option_and_the_value(string[] args, string message)
    {
        var e = Assert.Throws<CliUsageException>(() => CliArguments.Parse(args));
        Assert.Contains(message, e.Message);
    }
}
