using Rampa.Core.Metrics;
using Rampa.Core.Reporting;
using Rampa.Core.Reporting.Html;
using static Rampa.Core.Tests.Reporting.ReportFixtures;

namespace Rampa.Core.Tests.Reporting;

/// <summary>An inconclusive run says so, with its evidence, in the summary, the step summary and the HTML report.</summary>
public class SaturationViewsTests
{
    private const string Evidence = "CPU pinned: silo a used 90% or more of its machine in 4 of 4 seconds (peak 100%)";

    private static RunReport Saturated() => Report(SampleMetrics()) with
    {
        ExitCode = 0,
        Saturation = new SaturationVerdict(true, [Evidence, "late starts: iteration_start_lag p(99) was 412ms <x>"]),
    };

    private static RunReport Light() => Report(SampleMetrics()) with { ExitCode = 0 };

    [Fact]
    public void The_text_summary_says_inconclusive_with_the_evidence()
    {
        var text = SummaryTextRenderer.Render(Saturated());
        Assert.Contains("INCONCLUSIVE: the load generator was saturated", text, StringComparison.Ordinal);
        Assert.Contains("    - " + Evidence, text, StringComparison.Ordinal);
        Assert.DoesNotContain("INCONCLUSIVE", SummaryTextRenderer.Render(Light()), StringComparison.Ordinal);
    }

    [Fact]
    public void The_step_summary_warns_with_the_evidence()
    {
        var md = MarkdownSummaryWriter.Render(Saturated());
        Assert.StartsWith("## ⚠️ Rampa:", md, StringComparison.Ordinal);
        Assert.Contains("**Inconclusive: the load generator was saturated.**", md, StringComparison.Ordinal);
        Assert.Contains("> - " + Evidence, md, StringComparison.Ordinal);
        Assert.StartsWith("## ✅ Rampa:", MarkdownSummaryWriter.Render(Light()), StringComparison.Ordinal);
    }

    [Fact]
    public void The_html_report_shows_an_inconclusive_verdict_and_the_evidence()
    {
        var html = ReportHtmlWriter.Render(Saturated());
        Assert.Contains("INCONCLUSIVE", html, StringComparison.Ordinal);
        Assert.Contains("class=\"verdict inconclusive\"", html, StringComparison.Ordinal);
        Assert.Contains($"<li>{Evidence}</li>", html, StringComparison.Ordinal);
        Assert.Contains("412ms &lt;x&gt;", html, StringComparison.Ordinal); // escaped
        var light = ReportHtmlWriter.Render(Light());
        Assert.DoesNotContain("data-saturation", light, StringComparison.Ordinal);
        Assert.Contains("PASSED", light, StringComparison.Ordinal);
    }

    [Fact]
    public void The_generator_gauges_show_per_silo_in_their_own_group()
    {
        var metrics = SampleMetrics();
        metrics.Set(new SeriesKey(BuiltinMetrics.GeneratorCpu, [T("silo", "a")]), Of(MetricType.Gauge, [0.25]));
        metrics.Set(new SeriesKey(BuiltinMetrics.GeneratorCpu, [T("silo", "b")]), Of(MetricType.Gauge, [0.5]));
        var text = SummaryTextRenderer.Render(Report(metrics));
        Assert.Contains("    GENERATOR", text, StringComparison.Ordinal);
        Assert.Contains("rampa_generator_cpu.........................: per silo", text, StringComparison.Ordinal);
        Assert.Matches(@"\{ silo:a \}\.+: avg=25% max=25%", text);
        Assert.Matches(@"\{ silo:b \}\.+: avg=50% max=50%", text);
        Assert.Contains("{ silo:b }", text, StringComparison.Ordinal);
    }
}
