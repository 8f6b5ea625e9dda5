using Rampa.Core.Metrics;
using Rampa.Core.Reporting;
using Rampa.Core.Thresholds;
using static Rampa.Core.Tests.Reporting.ReportFixtures;

namespace Rampa.Core.Tests.Reporting;

public class SummaryTextRendererTests
{
    private static readonly ThresholdResult[] Verdicts =
    [
        new("http_req_duration", "p(95)<2", 1.9, true, false),
        new("http_req_duration", "avg<1", 1.7083, false, false),
        new("http_req_failed", "rate<0.01", 0.25, false, true),
        new("http_reqs", "count>=600", 600, true, false),
        new("http_req_blocked", "p(95)<1", null, true, false),
    ];

    private static string Render(bool color = false) => SummaryTextRenderer.Render(Report(SampleMetrics(), Verdicts), color);

    private static string[] Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    [Fact]
    public void Has_the_groups_in_order()
    {
        var lines = Lines(Render());
        int Index(string header) => Array.FindIndex(lines, l => l.Trim() == header);
        var http = Index("HTTP");
        var execution = Index("EXECUTION");
        var network = Index("NETWORK");
        var custom = Index("CUSTOM");
        Assert.True(http >= 0, "HTTP group");
        Assert.True(execution > http, "EXECUTION after HTTP");
        Assert.True(network > execution, "NETWORK after EXECUTION");
        Assert.True(custom > network, "CUSTOM after NETWORK");
        // Each metric in its group.
        int Line(string metric) => Array.FindIndex(lines, l => l.TrimStart().StartsWith(metric + ".", StringComparison.Ordinal));
        Assert.InRange(Line("http_reqs"), http, execution);
        Assert.InRange(Line("http_req_duration"), http, execution);
        Assert.InRange(Line("http_req_failed"), http, execution);
        Assert.InRange(Line("iterations"), execution, network);
        Assert.InRange(Line("iteration_duration"), execution, network);
        Assert.InRange(Line("vus"), execution, network);
        Assert.InRange(Line("data_received"), network, custom);
        Assert.InRange(Line("data_sent"), network, custom);
        Assert.True(Line("custom_score") > custom);
    }

    [Fact]
    public void Has_a_pass_or_fail_line_per_threshold()
    {
        var lines = Lines(Render());
        Assert.Contains("  █ THRESHOLDS", lines);
        Assert.Contains(lines, l => l.Trim() == "✓ 'p(95)<2' p(95)=1.9ms");
        Assert.Contains(lines, l => l.Trim() == "✗ 'avg<1' avg=1.71ms");
        Assert.Contains(lines, l => l.Trim() == "✗ 'rate<0.01' rate=25.00%");
        Assert.Contains(lines, l => l.Trim() == "✓ 'count>=600' count=600");
        Assert.Contains(lines, l => l.Trim() == "? 'p(95)<1' no samples");
        Assert.Equal(Verdicts.Length, lines.Count(l => l.TrimStart() is ['✓' or '✗' or '?', ' ', '\'', ..]));
        // Grouped under their metric key.
        var durationHeader = Array.FindIndex(lines, l => l.Trim() == "http_req_duration");
        Assert.True(durationHeader >= 0);
        Assert.Contains("p(95)<2", lines[durationHeader + 1]);
        Assert.Contains("avg<1", lines[durationHeader + 2]);
    }

    [Fact]
    public void No_thresholds_block_without_thresholds()
    {
        var text = SummaryTextRenderer.Render(Report(SampleMetrics()));
        Assert.DoesNotContain("THRESHOLDS", text);
        Assert.Contains("TOTAL RESULTS", text);
    }

    [Fact]
    public void Colour_marks_use_ansi_escapes()
    {
        var text = Render(color: true);
        Assert.Contains("\u001b[32m✓\u001b[0m 'p(95)<2'", text);
        Assert.Contains("\u001b[31m✗\u001b[0m 'rate<0.01'", text);
        Assert.DoesNotContain("\u001b", Render());
    }

    [Fact]
    public void Has_the_run_line_and_warnings()
    {
        var text = Render();
        Assert.Contains("run run-123  completed  1m0s  on 2 silos", text);
        Assert.Contains("WARNING: tag 'name' exploded", text);
        var one = SummaryTextRenderer.Render(Report(SampleMetrics()) with { Silos = ["only"], StopReason = "interrupted by user", Error = "x" });
        Assert.Contains("on 1 silo\n", one.Replace("\r", ""));
        Assert.Contains("stopped: interrupted by user", one);
        Assert.Contains("error: x", one);
    }

    [Fact]
    public void Checks_block_counts_passes_and_failures()
    {
        var lines = Lines(Render());
        Assert.Contains(lines, l => l.TrimStart().StartsWith("checks_total", StringComparison.Ordinal) && l.Contains(": 4 "));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("checks_succeeded", StringComparison.Ordinal) && l.Contains("75.00%") && l.Contains("3 out of 4"));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("checks_failed", StringComparison.Ordinal) && l.Contains("25.00%") && l.Contains("1 out of 4"));
        Assert.Contains(lines, l => l.Trim() == "✓ status is 200");
        Assert.Contains(lines, l => l.Trim() == "✗ body has id");
        Assert.Contains(lines, l => l.Trim() == "↳  0.00% — ✓ 0 / ✗ 1");
        // checks are not repeated in a metric group.
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("checks....", StringComparison.Ordinal));
    }

    [Fact]
    public void Metric_lines_show_the_values()
    {
        var lines = Lines(Render());
        string Line(string metric) => lines.Single(l => l.TrimStart().StartsWith(metric + ".", StringComparison.Ordinal));
        Assert.EndsWith(": 600      10/s", Line("http_reqs"));
        Assert.EndsWith(": 25.00%   1 out of 4", Line("http_req_failed"));
        Assert.EndsWith(": 12       min=3 max=15", Line("vus"));
        Assert.EndsWith(": 1.5 MB   25 kB/s", Line("data_received"));
        Assert.EndsWith(": 812 B    14 B/s", Line("data_sent"));    // 13.53 B/s: bytes show whole
        // avg, min and max are exact; med is the histogram's value at that rank: 250000us sits in a bucket 128us wide
        // whose highest equivalent value is 250111us (within 0.1%); p(90) and p(95) are capped at the exact max.
        Assert.EndsWith(": avg=375ms min=250ms med=250.11ms max=500ms p(90)=500ms p(95)=500ms", Line("iteration_duration"));
        Assert.EndsWith(": avg=50.5 min=1 med=50 max=100 p(90)=90 p(95)=95", Line("custom_score"));
        // The expected-response sub-line, when it differs from the whole.
        var expected = lines.Single(l => l.Contains("{ expected_response:true }"));
        Assert.EndsWith(": avg=1.05ms min=100µs med=1ms max=2ms p(90)=1.8ms p(95)=1.9ms", expected);
    }

    [Fact]
    public void Trend_stats_follow_the_configured_list()
    {
        var report = Report(SampleMetrics()) with { TrendStats = ["min", "p(99.9)", "count"] };
        var line = Lines(SummaryTextRenderer.Render(report)).Single(l => l.TrimStart().StartsWith("iteration_duration.", StringComparison.Ordinal));
        Assert.EndsWith(": min=250ms p(99.9)=500ms count=2", line);
    }
}
