using System.Text;
using Rampa.Cli.Live;
using Rampa.Core.Live;
using Rampa.Orleans.Contracts;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Rampa.Cli.Tests.Live;

public sealed class LiveViewLayoutTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>What the terminal shows of <paramref name="view"/>, without colours or control sequences.</summary>
    public static string Text(IRenderable view, int width = 120)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new FixedOutput(writer, width),
            Interactive = InteractionSupport.No,
        });
        console.Write(view);
        return writer.ToString();
    }

    private sealed class FixedOutput(TextWriter writer, int width) : IAnsiConsoleOutput
    {
        public TextWriter Writer => writer;
        public bool IsTerminal => false;
        public int Width => width;
        public int Height => 50;
        public void SetEncoding(Encoding encoding) { }
    }

    private static RunStatus Running() => new()
    {
        State = RunState.Running,
        StartedUtc = Start,
        Scenarios =
        [
            new ScenarioProgress { Name = "browse", Executor = "constant-vus", ActiveVus = 8, AllocatedVus = 10, Completed = 523, RegularDuration = TimeSpan.FromSeconds(40) },
            new ScenarioProgress { Name = "checkout", Executor = "shared-iterations", ActiveVus = 2, AllocatedVus = 2, Completed = 30, PlannedIterations = 120, RegularDuration = TimeSpan.FromSeconds(30) },
            new ScenarioProgress { Name = "later", Executor = "constant-arrival-rate", AllocatedVus = 4, StartTime = TimeSpan.FromSeconds(30), RegularDuration = TimeSpan.FromSeconds(10) },
        ],
        Thresholds = new ThresholdsLive
        {
            Total = 3, Failing = 1, EvaluatedUtc = Start + TimeSpan.FromSeconds(9),
            Verdicts =
            [
                new ThresholdVerdictLive { Key = "http_req_duration", Expression = "p(95)<500", Passed = true, Observed = 3.125 },
                new ThresholdVerdictLive { Key = "http_req_failed", Expression = "rate<0.01", Passed = false, Observed = 0.25 },
                new ThresholdVerdictLive { Key = "http_req_duration{name:pay}", Expression = "p(99)<800", Passed = true, NoData = true },
            ],
        },
    };

    private static LiveCounts Counts(long requests, long failures, long dropped = 0) => new() { Requests = requests, Failures = failures, Dropped = dropped };

    private static LiveFrame Frame() => new()
    {
        RunId = "r", Second = Start.ToUnixTimeSeconds() + 10, Elapsed = 10,
        Interval = Counts(250, 50), Totals = Counts(2000, 500, 7), Rate = 250.5, Vus = 10, VusMax = 16,
        Latency = new LiveLatency { P50 = 1, P95 = 12.5, P99 = 40 },
        Scenarios =
        [
            new LiveScenario { Scenario = "browse", Interval = Counts(200, 50), Totals = Counts(1800, 500), Rate = 200, Latency = new LiveLatency { P95 = 10, P99 = 30 } },
            new LiveScenario { Scenario = "checkout", Interval = Counts(50, 0), Totals = Counts(200, 0, 7), Rate = 50.5, Latency = new LiveLatency { P95 = 0.5, P99 = 1250 } },
            new LiveScenario { Scenario = "later", Interval = Counts(0, 0), Totals = Counts(0, 0) },
        ],
        Requests = [],
    };

    private static string Row(string text, string name) => text.Split('\n').Single(l => l.Contains("│ " + name + " ", StringComparison.Ordinal));

    [Fact]
    public void Shows_a_row_per_scenario_with_progress_vus_rate_latency_failures_and_drops()
    {
        var text = Text(LiveViewLayout.Render(Running(), Frame(), Start + TimeSpan.FromSeconds(10)));

        Assert.Contains("running 00m10s / 00m40s   10/16 VUs   553 complete and 0 interrupted iterations", text);
        foreach (var header in new[] { "scenario", "progress", "VUs", "req/s", "p95", "p99", "failed", "dropped" }) Assert.Contains(header, text);
        // browse: a quarter of its 40 s; 500 of its 1800 requests failed.
        Assert.Matches(@"│ browse\s+│ ████░{12}\s+25% │\s+8/10 │\s+200 │\s+10ms │\s+30ms │\s+27\.78% │\s+0 │", Row(text, "browse"));
        // checkout: an iteration executor's progress is its iterations, 30 of 120.
        Assert.Matches(@"│ checkout\s+│ ████░{12}\s+25% │\s+2/2 │\s+50\.5 │\s+500µs │\s+1\.25s │\s+0\.00% │\s+7 │", Row(text, "checkout"));
        Assert.Matches(@"│ later\s+│ starts in 00m20s\s+│\s+0/4 │\s+0 │\s+- │\s+- │\s+0\.00% │\s+0 │", Row(text, "later"));
        Assert.Matches(@"│ total\s+│\s+│\s+10/16 │\s+250\.5 │\s+12\.5ms │\s+40ms │\s+25\.00% │\s+7 │", Row(text, "total"));
    }

    [Fact]
    public void Shows_each_thresholds_live_verdict_with_its_observed_value()
    {
        var text = Text(LiveViewLayout.Render(Running(), Frame(), Start + TimeSpan.FromSeconds(10)));
        Assert.Contains("thresholds: 1 of 3 failing (evaluated 1s ago)", text);
        Assert.Matches(@"✓\s+http_req_duration\s+p\(95\)<500\s+p\(95\)=3\.13ms", text);
        Assert.Matches(@"✗\s+http_req_failed\s+rate<0\.01\s+rate=25\.00%", text);
        Assert.Matches(@"\?\s+http_req_duration\{name:pay\}\s+p\(99\)<800\s+no samples yet", text);
    }

    [Fact]
    public void Before_the_first_frame_and_evaluation_shows_dashes_and_no_thresholds()
    {
        var status = Running() with { State = RunState.Starting, Thresholds = null };
        var text = Text(LiveViewLayout.Render(status, null, Start));
        Assert.Contains("starting 00m00s / 00m40s", text);
        Assert.Matches(@"│ browse\s+│ ░{16}\s+0% │\s+8/10 │\s+- │\s+- │\s+- │\s+- │\s+- │", Row(text, "browse"));
        Assert.DoesNotContain("thresholds", text);
    }

    [Fact]
    public void A_single_scenario_has_no_total_row_and_a_finished_runs_clock_stops_at_its_end()
    {
        var status = Running() with
        {
            State = RunState.Completed,
            EndedUtc = Start + TimeSpan.FromSeconds(41),
            Scenarios = [Running().Scenarios[0] with { Done = true, ActiveVus = 0 }],
        };
        var text = Text(LiveViewLayout.Render(status, Frame(), Start + TimeSpan.FromMinutes(3)));
        Assert.Contains("completed 00m41s / 00m40s   0/10 VUs", text);
        Assert.Matches(@"│ browse\s+│ █{16} 100% │", Row(text, "browse"));
        Assert.DoesNotContain("total", text);
    }

    [Fact]
    public void Thresholds_beyond_the_room_left_show_the_failing_ones_first_and_a_count_of_the_rest()
    {
        var many = Enumerable.Range(1, 30).Select(i => new ThresholdVerdictLive
        {
            Key = $"http_req_duration{{name:r{i}}}", Expression = "p(95)<500", Passed = i != 25, Observed = i,
        }).ToList();
        var status = Running() with { Thresholds = new ThresholdsLive { Total = 30, Failing = 1, EvaluatedUtc = Start, Verdicts = many } };
        var text = Text(LiveViewLayout.Render(status, Frame(), Start + TimeSpan.FromSeconds(10), maxLines: 18));
        var lines = text.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length <= 18, text);
        Assert.Contains("✗ http_req_duration{name:r25}", text);
        Assert.Matches(@"… and \d+ more", text);
    }

    [Theory]
    [InlineData("http_req_duration", "p(95)<500", 1234.5, "p(95)=1.23s")]
    [InlineData("http_req_failed", "rate<0.01", 0.005, "rate=0.50%")]
    [InlineData("http_reqs", "rate>100", 150.25, "rate=150.25")]
    [InlineData("http_reqs", "count>10", 12, "count=12")]
    [InlineData("my_trend{tag:a}", "avg<3", 2.5, "avg=2.5")]
    public void Observed_values_read_as_in_the_summary(string key, string expression, double observed, string shown) =>
        Assert.Equal(shown, LiveViewLayout.Observed(new ThresholdVerdictLive { Key = key, Expression = expression, Observed = observed }));
}
