using System.Text.Json.Nodes;
using System.Xml.Linq;
using Json.Schema;
using Rampa.Core.Metrics;
using Rampa.Core.Reporting;
using Rampa.Core.Reporting.Html;
using Rampa.Core.Tests.Support;
using Rampa.Core.Thresholds;
using static Rampa.Core.Tests.Reporting.ReportFixtures;

namespace Rampa.Core.Tests.Reporting;

/// <summary>
/// A threshold whose metric or sub-metric received no samples is never a quiet ✓: every artifact marks it apart, says
/// which filter matched nothing and which values exist instead, and strict thresholds make it fail.
/// </summary>
public class ThresholdNoSamplesTests
{
    private static readonly ThresholdExpression Max = Expr("max<0.000001", ThresholdAggregation.Max, ThresholdOperator.Less, 0.000001);

    /// <summary>The typo'd name (sample has home and cart), a tag no series has, and a metric with no samples at all.</summary>
    private static readonly ThresholdSpec[] Specs =
    [
        Spec("http_req_duration", new Dictionary<string, string> { ["name"] = "hme" }, Max),
        Spec("http_req_duration", new Dictionary<string, string> { ["name"] = "home", ["method"] = "GET" }, Max),
        Spec("http_req_blocked", null, Expr("p(95)<1", ThresholdAggregation.Percentile, ThresholdOperator.Less, 1, 95)),
    ];

    private static IReadOnlyList<ThresholdResult> Evaluate(bool strict) => ThresholdEvaluator.Evaluate(Specs, SampleMetrics(), ReportFixtures.Duration, strict);

    [Fact]
    public void The_evaluator_says_what_matched_nothing_and_what_exists()
    {
        var r = Evaluate(strict: false);
        Assert.All(r, t => { Assert.True(t.NoData); Assert.True(t.Passed); Assert.False(t.FailedForNoSamples); });
        Assert.Equal(new ThresholdNoSamples("http_req_duration{name:hme}", 2, [new ExistingTagValues("name", ["cart", "home"], 2)]), r[0].NoSamples);
        Assert.Equal("no series matched http_req_duration{name:hme}; existing: name=cart|home", r[0].NoSamples!.Describe());
        Assert.Equal("no series matched http_req_duration{name:home,method:GET}; existing: name=cart|home; no http_req_duration series has tag 'method'",
            r[1].NoSamples!.Describe());
        Assert.Equal("http_req_blocked received no samples", r[2].NoSamples!.Describe());
    }

    [Fact]
    public void Existing_values_are_bounded_to_a_few_with_their_count()
    {
        var metrics = new MetricSnapshot();
        foreach (var i in Enumerable.Range(1, 9))
            metrics.Set(new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("name", $"page{i}")]), Of(MetricType.Trend, [100]));
        var spec = Spec("http_req_duration", new Dictionary<string, string> { ["name"] = "page0" }, Max);
        var none = ThresholdEvaluator.Evaluate([spec], metrics, ReportFixtures.Duration).Single().NoSamples!;
        Assert.Equal(ThresholdNoSamples.ValuesShown, none.Existing[0].Values.Count);
        Assert.Equal("no series matched http_req_duration{name:page0}; existing: name=page1|page2|page3|page4|page5|… (9 values)", none.Describe());
    }

    [Fact]
    public void Strict_thresholds_fail_a_threshold_without_samples_but_judge_the_others_as_before()
    {
        var r = Evaluate(strict: true);
        Assert.All(r, t => { Assert.False(t.Passed); Assert.True(t.FailedForNoSamples); Assert.NotNull(t.NoSamples); });
        var judged = ThresholdEvaluator.Evaluate([Spec("http_req_duration", null, Expr("max<10", ThresholdAggregation.Max, ThresholdOperator.Less, 10))],
            SampleMetrics(), ReportFixtures.Duration, strict: true).Single();
        Assert.True(judged.Passed);
        Assert.Null(judged.NoSamples);
    }

    [Fact]
    public void The_text_summary_marks_it_apart_with_the_existing_values()
    {
        var lines = SummaryTextRenderer.Render(Report(SampleMetrics(), Evaluate(strict: false))).Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains("? 'max<0.000001' no samples: no series matched http_req_duration{name:hme}; existing: name=cart|home", lines);
        Assert.Contains("? 'p(95)<1' no samples: http_req_blocked received no samples", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("✓ 'max<0.000001'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("? 3 thresholds had no samples to judge and did not fail the run", StringComparison.Ordinal));

        var coloured = SummaryTextRenderer.Render(Report(SampleMetrics(), Evaluate(strict: false)), color: true);
        Assert.Contains("\u001b[33m?\u001b[0m 'max<0.000001'", coloured);
    }

    [Fact]
    public void Under_strict_thresholds_the_text_summary_says_why_it_failed()
    {
        var text = SummaryTextRenderer.Render(Report(SampleMetrics(), Evaluate(strict: true)));
        Assert.Contains("✗ 'max<0.000001' no samples (strict thresholds: fails the run): no series matched http_req_duration{name:hme}; existing: name=cart|home", text);
        Assert.DoesNotContain("did not fail the run", text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Summary_json_keeps_it_validates_and_reads_back(bool strict)
    {
        var report = Report(SampleMetrics(), Evaluate(strict));
        var bytes = SummaryJsonWriter.Write(report);
        var node = JsonNode.Parse(bytes)!;
        var first = node["thresholds"]![0]!;
        Assert.Equal(strict ? "failed" : "no-samples", first["verdict"]!.GetValue<string>());
        Assert.Equal("http_req_duration{name:hme}", first["noSamples"]!["filter"]!.GetValue<string>());
        Assert.Equal(["cart", "home"], first["noSamples"]!["existing"]![0]!["values"]!.AsArray().Select(v => v!.GetValue<string>()));

        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(ScenarioFiles.RepoRoot, "schemas", "rampa-summary.schema.json")));
        Assert.True(schema.Evaluate(node).IsValid);

        var read = SummaryJsonReader.Read(new MemoryStream(bytes));
        Assert.Equal(report.Thresholds, read.Thresholds);
        Assert.Equal(SummaryTextRenderer.Render(report), SummaryTextRenderer.Render(read));
    }

    [Fact]
    public void An_older_summary_without_the_detail_still_reads_as_no_samples()
    {
        var node = JsonNode.Parse(SummaryJsonWriter.Write(Report(SampleMetrics(), Evaluate(strict: false))))!;
        foreach (var t in node["thresholds"]!.AsArray()) { t!.AsObject().Remove("noSamples"); t.AsObject().Remove("verdict"); }
        var read = SummaryJsonReader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(node.ToJsonString())));
        Assert.All(read.Thresholds, t => { Assert.True(t.NoData); Assert.Null(t.NoSamples); });
        Assert.Contains("? 'max<0.000001' no samples", SummaryTextRenderer.Render(read));
    }

    [Fact]
    public void Junit_skips_it_or_fails_it_under_strict_thresholds()
    {
        static XElement Suite(bool strict)
        {
            var ms = new MemoryStream();
            JunitXmlWriter.Write(Report(SampleMetrics(), Evaluate(strict)) with { State = "completed" }, ms);
            ms.Position = 0;
            return XDocument.Load(ms).Root!.Element("testsuite")!;
        }
        var lax = Suite(strict: false);
        Assert.Equal(("3", "0"), (lax.Attribute("skipped")!.Value, lax.Attribute("failures")!.Value));
        var skipped = lax.Elements("testcase").First().Element("skipped")!;
        Assert.Contains("no series matched http_req_duration{name:hme}; existing: name=cart|home", skipped.Attribute("message")!.Value);

        var strictSuite = Suite(strict: true);
        Assert.Equal(("0", "3"), (strictSuite.Attribute("skipped")!.Value, strictSuite.Attribute("failures")!.Value));
        var failure = strictSuite.Elements("testcase").First().Element("failure")!;
        Assert.Equal("threshold-no-samples", failure.Attribute("type")!.Value);
        Assert.Contains("strict thresholds", failure.Attribute("message")!.Value);
    }

    [Fact]
    public void Markdown_and_html_mark_it_apart()
    {
        var report = Report(SampleMetrics(), Evaluate(strict: false));
        var md = MarkdownSummaryWriter.Render(report);
        Assert.Contains("| ⚠️ | `http_req_duration{name:hme}` | `max<0.000001` | no samples: no series matched http_req_duration{name:hme}; existing: name=cart\\|home |", md);

        var html = ReportHtmlWriter.Render(report);
        Assert.Contains("data-threshold=\"no-samples\"", html);
        Assert.DoesNotContain("data-threshold=\"pass\"", html);
        Assert.Contains("<span class=\"unjudged\">?</span>", html);
        Assert.Contains("0 of 3 passed, 3 without samples", html);
        Assert.Contains("existing: name=cart|home", html);

        var strictHtml = ReportHtmlWriter.Render(Report(SampleMetrics(), Evaluate(strict: true)));
        Assert.Contains("data-threshold=\"fail\"", strictHtml);
        Assert.Contains("failed: no samples", strictHtml);
    }
}
