using System.Text;
using System.Text.Json.Nodes;
using Json.Schema;
using Rampa.Core.Reporting;
using Rampa.Core.Reporting.Html;
using Rampa.Core.Tests.Support;
using static Rampa.Core.Tests.Reporting.FailureFixtures;
using static Rampa.Core.Tests.Reporting.ReportFixtures;

namespace Rampa.Core.Tests.Reporting;

/// <summary>Every place results go shows why requests failed, from the one <see cref="FailureSummary"/>.</summary>
public class FailureViewsTests
{
    private static RunReport Failing() => Report(FailingRun());

    /// <summary>The sample run with no failed request.</summary>
    private static RunReport Clean()
    {
        var metrics = SampleMetrics();
        metrics.Set(new Rampa.Core.Metrics.SeriesKey(Rampa.Core.Metrics.BuiltinMetrics.HttpReqFailed, []), Of(Rampa.Core.Metrics.MetricType.Rate, [0, 0, 0, 0]));
        return Report(metrics);
    }

    [Fact]
    public void The_text_summary_has_a_failures_block_per_request_name()
    {
        var text = SummaryTextRenderer.Render(Failing());
        var block = text[text.IndexOf("  █ FAILURES", StringComparison.Ordinal)..];
        Assert.Contains("    api: 46 of 106 requests failed (43.40%)", block, StringComparison.Ordinal);
        Assert.Contains($"      1405  HTTP 405            40   37.74%  {NotAllowedMessage}", block, StringComparison.Ordinal);
        Assert.Contains("      1500  HTTP 500             5    4.72%\n", block.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("    home: 10 of 100 requests failed (10.00%)", block, StringComparison.Ordinal);
        Assert.Contains($"      1212  connection refused  10   10.00%  {RefusedMessage}", block, StringComparison.Ordinal);
        Assert.True(block.IndexOf("api:", StringComparison.Ordinal) < block.IndexOf("home:", StringComparison.Ordinal));
        Assert.DoesNotContain("cart:", block, StringComparison.Ordinal);
    }

    [Fact]
    public void The_text_summary_has_no_failures_block_when_nothing_failed() =>
        Assert.DoesNotContain("FAILURES", SummaryTextRenderer.Render(Clean()), StringComparison.Ordinal);

    [Fact]
    public void Summary_json_has_the_failures_and_the_messages_and_reads_back_to_the_same_bytes()
    {
        var first = SummaryJsonWriter.Write(Failing());
        var back = SummaryJsonReader.Read(new MemoryStream(first));
        Assert.Equal(RefusedMessage, back.Metrics.Messages[Failed("home", 0, "connection refused")]);
        Assert.Equal(Encoding.UTF8.GetString(first), Encoding.UTF8.GetString(SummaryJsonWriter.Write(back)));

        var failures = JsonNode.Parse(first)!["failures"]!;
        Assert.Equal(226, (long)failures["requests"]!);
        Assert.Equal(56, (long)failures["failed"]!);
        var api = failures["byRequest"]![0]!;
        Assert.Equal("api", (string)api["name"]!);
        var notAllowed = api["classes"]![0]!;
        Assert.Equal(1405, (int)notAllowed["code"]!);
        Assert.Equal("HTTP 405", (string)notAllowed["name"]!);
        Assert.Equal("Method Not Allowed", (string)notAllowed["description"]!);
        Assert.Equal(40, (long)notAllowed["count"]!);
        Assert.Equal(NotAllowedMessage, (string)notAllowed["message"]!);
        Assert.Null(api["classes"]![1]!["message"]);
        var series = JsonNode.Parse(first)!["metrics"]!["http_req_failed"]!["series"]!.AsArray();
        Assert.Equal(2, series.Count(s => s!["message"] is not null));
    }

    [Fact]
    public void Summary_json_with_failures_validates()
    {
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(ScenarioFiles.RepoRoot, "schemas", "rampa-summary.schema.json")));
        var results = schema.Evaluate(JsonNode.Parse(SummaryJsonWriter.Write(Failing())), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(results.IsValid, string.Join("\n", (results.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    [Fact]
    public void The_markdown_summary_lists_the_failures()
    {
        var md = MarkdownSummaryWriter.Render(Failing());
        Assert.Contains("### Failures", md, StringComparison.Ordinal);
        Assert.Contains($"| api | 1405 | HTTP 405 | 40 | 37.74% | `{NotAllowedMessage}` |", md, StringComparison.Ordinal);
        Assert.Contains($"| home | 1212 | connection refused | 10 | 10.00% | `{RefusedMessage}` |", md, StringComparison.Ordinal);
        Assert.DoesNotContain("### Failures", MarkdownSummaryWriter.Render(Clean()), StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_has_a_failures_section_and_a_banner()
    {
        var html = ReportHtmlWriter.Render(Failing());
        Assert.Contains("<section class=\"card\" id=\"failures\">", html, StringComparison.Ordinal);
        Assert.Contains("data-failure-request=\"api\"", html, StringComparison.Ordinal);
        Assert.Contains("data-failure-code=\"1405\" data-failure-class=\"HTTP 405\" data-count=\"40\"", html, StringComparison.Ordinal);
        Assert.Contains("Connect to 127.0.0.1:5081".ToLowerInvariant(), html, StringComparison.Ordinal);
        Assert.Contains("HTTP 405 Method Not Allowed (POST /json)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-failures-banner", html, StringComparison.Ordinal); // 25% failed: the section says it, no banner
        Assert.DoesNotContain("href=", html, StringComparison.Ordinal);

        var down = new Rampa.Core.Metrics.MetricSnapshot();
        down.Set(Failed("home", 0, "connection refused"), Verdicts(0, 10));
        down.KeepFirstMessage(Failed("home", 0, "connection refused"), RefusedMessage);
        var banner = ReportHtmlWriter.Render(Report(down));
        Assert.Contains("data-failures-banner><strong>10 of 10 requests failed</strong> (100.00%); most often <strong>connection refused</strong> (error code 1212): " +
                        $"<code>{RefusedMessage}</code>", banner, StringComparison.Ordinal);
        var clean = ReportHtmlWriter.Render(Clean());
        Assert.DoesNotContain("data-failures-banner", clean, StringComparison.Ordinal);
        Assert.Contains("No request failed.", clean, StringComparison.Ordinal);
    }
}
