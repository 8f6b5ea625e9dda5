using System.Text.RegularExpressions;
using Rampa.Cli.Live;
using Rampa.Core.Live;
using Rampa.Orleans.Contracts;

namespace Rampa.Cli.Tests.Live;

/// <summary>The live view's redraws as the terminal receives them: each write, with its cursor controls.</summary>
public sealed class LiveViewTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Keeps every write apart, so a test sees what one redraw sent.</summary>
    private sealed class Writes : StringWriter
    {
        public List<string> All { get; } = [];
        public override void Write(string? value) { All.Add(value ?? ""); base.Write(value); }
    }

    private static RunStatus Status(RunState state = RunState.Running, LiveFailures? failures = null, params string[] warnings) => new()
    {
        State = state,
        StartedUtc = Start,
        Scenarios = [new ScenarioProgress { Name = "smoke", Executor = "constant-vus", ActiveVus = 3, AllocatedVus = 5, RegularDuration = TimeSpan.FromSeconds(10) }],
        Failures = failures,
        Warnings = [.. warnings],
    };

    private static LiveFrame Frame(long second) => new()
    {
        RunId = "r", Second = second, Elapsed = second, Interval = LiveCounts.Zero, Totals = LiveCounts.Zero, Rate = 42,
        Scenarios = [new LiveScenario { Scenario = "smoke", Interval = LiveCounts.Zero, Totals = new LiveCounts { Requests = 10 }, Rate = 42 }],
        Requests = [],
    };

    /// <summary>The text of a write without its colours and decorations (SGR sequences).</summary>
    private static string Plain(string s) => Regex.Replace(s, "\u001b\\[[0-9;]*m", "");

    private static int Lines(string s) => s.Count(c => c == '\n');

    /// <summary>ESC [ n F: back to column 1 of the line n above (the block's first line).</summary>
    private static Match Back(string s) => Regex.Match(s, "^\u001b\\[(\\d+)F\u001b\\[0?J");

    [Fact]
    public void Each_update_is_one_write_that_goes_back_over_the_previous_view_and_draws_the_new_one()
    {
        var output = new Writes();
        var view = new LiveView(output, () => (120, 40));
        view.Update(Status(), [], Start + TimeSpan.FromSeconds(1));
        view.Update(Status(), [Frame(1)], Start + TimeSpan.FromSeconds(2));
        Assert.Equal(2, output.All.Count);
        var first = output.All[0];
        Assert.Contains("running 00m01s / 00m10s", Plain(first));
        var back = Back(output.All[1]);
        Assert.True(back.Success, output.All[1]);
        Assert.Equal(Lines(first), int.Parse(back.Groups[1].Value));         // exactly over the first view
        Assert.Contains("42", output.All[1]);
    }

    [Fact]
    public void One_off_messages_print_once_above_the_view_and_the_view_is_drawn_again_below()
    {
        var output = new Writes();
        var view = new LiveView(output, () => (120, 40), colors: false);
        var failing = new LiveFailures { Requests = 50, Classes = [new LiveFailureClass { Code = 1212, Name = "connection refused", Count = 50 }] };
        view.Update(Status(), [], Start + TimeSpan.FromSeconds(1));
        view.Update(Status(failures: failing, warnings: "the load generator is saturated"), [], Start + TimeSpan.FromSeconds(2));
        view.Update(Status(failures: failing, warnings: "the load generator is saturated"), [], Start + TimeSpan.FromSeconds(3));
        var text = string.Concat(output.All);
        Assert.Equal(1, Regex.Count(text, "100% of requests fail: connection refused"));
        Assert.Equal(1, Regex.Count(text, "⚠ warning: the load generator is saturated"));
        var alert = output.All.Single(w => w.Contains("100% of requests fail", StringComparison.Ordinal));
        Assert.True(Back(alert).Success);                                     // erases the view first...
        Assert.True(alert.IndexOf("100% of requests fail", StringComparison.Ordinal) < alert.IndexOf("smoke", StringComparison.Ordinal)); // ...then the view again below
    }

    [Fact]
    public void Announce_prints_above_the_view_and_after_the_end_plainly_below_it()
    {
        var output = new Writes();
        var view = new LiveView(output, () => (120, 40));
        view.Update(Status(), [], Start + TimeSpan.FromSeconds(1));
        view.Announce("interrupted: stopping the run");
        var announced = output.All[^1];
        Assert.True(Back(announced).Success, announced);
        Assert.Contains("running 00m01s", Plain(announced));                          // the view, drawn again under the line

        view.End(Status(RunState.Completed));
        view.Update(Status(RunState.Completed), [], Start + TimeSpan.FromSeconds(5));   // ignored after the end
        view.Announce("later");
        Assert.False(Back(output.All[^1]).Success);                            // the summary below is not touched
        Assert.DoesNotContain("smoke", output.All[^1]);
        Assert.Contains("later", output.All[^1]);
    }

    [Fact]
    public void A_view_taller_than_the_terminal_is_cut_to_its_height()
    {
        var output = new Writes();
        var view = new LiveView(output, () => (120, 8));
        var status = Status() with
        {
            Scenarios = [.. Enumerable.Range(1, 20).Select(i => new ScenarioProgress { Name = $"s{i}", Executor = "constant-vus", RegularDuration = TimeSpan.FromSeconds(10) })],
        };
        view.Update(status, [], Start);
        view.Update(status, [], Start + TimeSpan.FromSeconds(1));
        Assert.Equal(7, Lines(output.All[0]));
        Assert.Equal("7", Back(output.All[1]).Groups[1].Value);
    }

    [Theory]
    [InlineData(true, false, false, "xterm-256color", true)]
    [InlineData(false, false, false, "xterm", false)]   // stdout redirected (CI logs)
    [InlineData(true, true, false, "xterm", false)]     // --quiet, or an --out on stdout
    [InlineData(true, false, true, "xterm", false)]     // --no-color
    [InlineData(true, false, false, "dumb", false)]     // a terminal that cannot move its cursor
    [InlineData(true, false, false, null, true)]
    public void The_live_view_needs_a_terminal_and_no_quiet_or_no_color(bool tty, bool quiet, bool noColor, string? term, bool live) =>
        Assert.Equal(live, LiveOutputs.WantsLiveView(tty, quiet, noColor, term));
}
