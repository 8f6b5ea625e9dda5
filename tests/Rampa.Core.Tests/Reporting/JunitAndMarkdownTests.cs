using System.Xml.Linq;
using Rampa.Core.Reporting;
using Rampa.Core.Thresholds;
using static Rampa.Core.Tests.Reporting.ReportFixtures;

namespace Rampa.Core.Tests.Reporting;

public class JunitAndMarkdownTests
{
    private static readonly ThresholdResult[] Verdicts =
    [
        new("http_req_duration", "p(95)<2", 1.9, true, false),
        new("http_req_failed", "rate<0.01", 0.25, false, true),
    ];

    private static XDocument Junit(RunReport report)
    {
        var ms = new MemoryStream();
        JunitXmlWriter.Write(report, ms);
        ms.Position = 0;
        return XDocument.Load(ms);
    }

    [Fact]
    public void Each_threshold_is_a_test_case_and_failed_ones_fail()
    {
        var doc = Junit(Report(SampleMetrics(), Verdicts) with { State = "completed" });
        var suite = doc.Root!.Element("testsuite")!;
        Assert.Equal("2", suite.Attribute("tests")!.Value);
        Assert.Equal("1", suite.Attribute("failures")!.Value);
        var cases = suite.Elements("testcase").ToList();
        Assert.Equal(["http_req_duration: p(95)<2", "http_req_failed: rate<0.01"], cases.Select(c => c.Attribute("name")!.Value));
        Assert.Null(cases[0].Element("failure"));
        Assert.Contains("observed 0.25", cases[1].Element("failure")!.Attribute("message")!.Value);
        Assert.Equal("run-123", suite.Element("properties")!.Elements("property").Single(p => p.Attribute("name")!.Value == "run.id").Attribute("value")!.Value);
    }

    [Fact]
    public void A_run_that_did_not_complete_is_a_failing_test_case()
    {
        var doc = Junit(Report(SampleMetrics()) with { State = "failed", Error = "no active silo" });
        var run = doc.Root!.Element("testsuite")!.Elements("testcase").Single();
        Assert.Equal("run", run.Attribute("name")!.Value);
        Assert.Contains("no active silo", run.Element("failure")!.Attribute("message")!.Value);
        Assert.Equal("1", doc.Root.Attribute("failures")!.Value);
    }

    [Fact]
    public void Markdown_has_the_verdict_thresholds_checks_and_requests()
    {
        var md = MarkdownSummaryWriter.Render(Report(SampleMetrics(), Verdicts));
        Assert.Contains("## ❌ Rampa: shop", md);
        Assert.Contains("| ❌ | `http_req_failed` | `rate<0.01` | 0.25 |", md);
        Assert.Contains("| ✅ | status is 200 | 3 | 0 |", md);
        Assert.Contains("| ❌ | body has id | 0 | 1 |", md);
        Assert.Contains("| home | 20 |", md);
        Assert.Contains("| cart | 4 |", md);
    }
}
