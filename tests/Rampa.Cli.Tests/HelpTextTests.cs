using Rampa.Cli;

namespace Rampa.Cli.Tests;

/// <summary>Each command's help lists exactly the options the parser takes for it, and the usage lists every command.</summary>
public sealed class HelpTextTests
{
    public static TheoryData<string> CommandNames() => new(CliCommands.All.Select(c => c.Name));

    /// <summary>A value each option accepts, by its placeholder.</summary>
    private static string SampleValue(CliOption option) => option.Value switch
    {
        "N" => "5",
        "D" => "10s",
        "NAME=VALUE" => "A=1",
        "URL" => "http://127.0.0.1:1",
        "LIST" => "avg,p(99)",
        "KIND[=VALUE]" => "json=live.jsonl",
        _ => "x",
    };

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void A_commands_help_lists_its_own_options_and_no_other(string name)
    {
        var command = CliCommands.Find(name)!;
        var help = HelpText.For(command);
        Assert.StartsWith($"rampa {name}: {command.Summary}", help);
        Assert.Contains($"Usage: {command.Usage}", help);
        foreach (var option in command.AllOptions) Assert.Contains(option.Names, help);
        var others = CliCommands.All.SelectMany(c => c.Options).Select(o => o.Long).Distinct()
            .Where(l => command.AllOptions.All(o => o.Long != l));
        var options = help[help.IndexOf("Options:", StringComparison.Ordinal)..help.IndexOf("Examples:", StringComparison.Ordinal)];
        foreach (var other in others) Assert.DoesNotContain(other + " ", options);
        Assert.Contains("Examples:", help);
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void Every_option_a_help_lists_is_accepted_by_the_parser(string name)
    {
        var command = CliCommands.Find(name)!;
        var argument = command.Argument switch { null => [], "[COMMAND]" => ["run"], var a => new[] { a.ToLowerInvariant() } };
        foreach (var option in command.Options)
        {
            foreach (var spelling in new[] { option.Long, option.Short }.OfType<string>())
            {
                string[] args = [name, .. argument, spelling, .. option.IsFlag ? Array.Empty<string>() : [SampleValue(option)]];
                var parsed = CliArguments.Parse(args);
                Assert.Equal(name, parsed.Command);
                Assert.False(parsed.Help);
            }
        }
    }

    [Fact]
    public void The_usage_lists_every_command_and_points_to_their_help()
    {
        var usage = HelpText.Usage;
        foreach (var command in CliCommands.All) Assert.Contains($"  {command.Name}", usage);
        Assert.Contains("  silo", usage);
        Assert.Contains("rampa COMMAND --help", usage);
    }

    [Theory]
    [InlineData("run", "--summary-export FILE", "$RAMPA_ARTIFACTS_BLOB")]
    [InlineData("run", "--out-dir DIR", "(default: ./rampa-results)")]
    [InlineData("target", "-p, --port N", "(default: 5080)")]
    [InlineData("demo", "-p, --port N", "(default: a free port)")]
    [InlineData("report", "--trend-stats LIST", "$RAMPA_ARTIFACTS_CONTAINER, else rampa")]
    [InlineData("cluster", "--cluster S", "(default: $RAMPA_CLUSTER)")]
    public void Help_shows_defaults_and_environment_variables(string name, string option, string shown)
    {
        var help = HelpText.For(name)!;
        Assert.Contains(option, help);
        Assert.Contains(shown, help);
    }

    [Fact]
    public void Run_help_has_the_exit_codes()
    {
        var help = HelpText.For("run")!;
        foreach (var code in new[] { "0", "99", "104", "105", "97" }) Assert.Matches($@"(?m)^  {code}\s+\S", help);
    }

    [Fact]
    public void Silo_help_is_the_silos_own_usage() =>
        Assert.Equal(Rampa.Silo.RampaSiloOptions.Usage, HelpText.For("silo"));

    [Fact]
    public void An_unknown_command_has_no_help() => Assert.Null(HelpText.For("fly"));
}
