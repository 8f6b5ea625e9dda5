using System.Text.Json;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace Rampa.Integration.Tests;

/// <summary>
/// A k6 user's threshold never silently means something else, end to end (the built CLI, an embedded silo, the demo
/// target): a quoted tag filter matches as in k6 and can fail the run; a tag typo is marked as having no samples, with
/// the series that exist, and fails the run only under <c>--strict-thresholds</c>.
/// </summary>
[Collection("cli")]
public sealed class ThresholdNoSamplesTests(ITestOutputHelper output) : TargetTest
{
    private string Scenario(string thresholds) => Ws.Write("t.yaml", $$$"""
        baseUrl: {{{Target.BaseUrl}}}
        scenarios:
          s:
            executor: shared-iterations
            vus: 2
            iterations: 10
            flow:
              - name: home
                request: GET /
        thresholds:
        {{{thresholds}}}
        """);

    [Fact]
    public async Task A_quoted_tag_filter_matches_as_in_k6_and_its_failing_threshold_exits_99()
    {
        var file = Scenario("""
              "http_req_duration{name:'home'}": ["max<0.000001"]
              'http_req_duration{"name":"home"}': ["max<60000"]
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet", "--no-color");
        output.WriteLine(run.Output);
        Assert.True(run.ExitCode == 99, run.Output);
        Assert.Contains("✗ 'max<0.000001' max=", run.Stdout);
        Assert.Contains("✓ 'max<60000' max=", run.Stdout);
        Assert.DoesNotContain("no samples", run.Stdout);

        using var summary = Ws.Summary();
        var verdicts = summary.RootElement.GetProperty("thresholds").EnumerateArray().ToList();
        Assert.Equal(["failed", "passed"], verdicts.Select(v => v.GetProperty("verdict").GetString()));
        Assert.All(verdicts, v => Assert.Equal(JsonValueKind.Number, v.GetProperty("observed").ValueKind));
        Assert.Equal(10, summary.Count("http_reqs"));
    }

    [Fact]
    public async Task A_tag_typo_is_marked_no_samples_with_the_existing_series_and_fails_only_when_strict()
    {
        var file = Scenario("""
              "http_req_duration{name:hme}": ["max<0.000001"]
              http_req_duration: ["max<60000"]
            """);
        var lax = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet", "--no-color");
        output.WriteLine(lax.Output);
        Assert.True(lax.ExitCode == 0, lax.Output);
        Assert.Contains("? 'max<0.000001' no samples: no series matched http_req_duration{name:hme}; existing: name=home", lax.Stdout);
        Assert.Contains("? 1 threshold had no samples to judge and did not fail the run", lax.Stdout);
        Assert.DoesNotContain("✓ 'max<0.000001'", lax.Stdout);
        using (var summary = Ws.Summary())
        {
            var typo = summary.RootElement.GetProperty("thresholds")[0];
            Assert.Equal("no-samples", typo.GetProperty("verdict").GetString());
            Assert.Equal("home", typo.GetProperty("noSamples").GetProperty("existing")[0].GetProperty("values")[0].GetString());
            Assert.Equal(0, summary.RootElement.GetProperty("run").GetProperty("exitCode").GetInt32());
        }

        var strict = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet", "--no-color", "--strict-thresholds", "--out-dir", "strict");
        output.WriteLine(strict.Output);
        Assert.True(strict.ExitCode == 99, strict.Output);
        Assert.Contains("✗ 'max<0.000001' no samples (strict thresholds: fails the run): no series matched http_req_duration{name:hme}; existing: name=home",
            strict.Stdout);
        Assert.Contains("✓ 'max<60000' max=", strict.Stdout);
        // The silo wrote the artifacts with the same verdict the CLI exits with.
        var folder = Assert.Single(Directory.GetDirectories(Path.Combine(Ws.Dir, "strict")));
        using (var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "summary.json"))))
        {
            Assert.Equal(99, summary.RootElement.GetProperty("run").GetProperty("exitCode").GetInt32());
            Assert.Equal("failed", summary.RootElement.GetProperty("thresholds")[0].GetProperty("verdict").GetString());
        }
        var junit = XDocument.Load(Path.Combine(folder, "junit.xml"));
        Assert.Equal("threshold-no-samples", junit.Descendants("failure").Single().Attribute("type")!.Value);
    }

    [Fact]
    public async Task The_file_can_ask_for_strict_thresholds_too()
    {
        var file = Scenario("""
              "http_req_duration{name:hme}": ["max<60000"]
            strictThresholds: true
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet", "--no-color");
        output.WriteLine(run.Output);
        Assert.True(run.ExitCode == 99, run.Output);
        Assert.Contains("✗ 'max<60000' no samples (strict thresholds: fails the run)", run.Stdout);
    }
}
