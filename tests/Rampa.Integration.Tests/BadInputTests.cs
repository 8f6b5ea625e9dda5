namespace Rampa.Integration.Tests;

/// <summary>Bad input gets one clear message per problem naming file:line:col, exit 104, no stack trace, nothing started.</summary>
[Collection("cli")]
public sealed class BadInputTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private async Task<RampaRun> Expect104(params string[] args)
    {
        var run = await RampaProcess.RunAsync(_ws.Dir, args);
        Assert.True(run.ExitCode == 104, $"exit {run.ExitCode}: {run.Output}");
        Assert.DoesNotContain("   at ", run.Output);
        Assert.DoesNotContain("Exception", run.Output);
        Assert.False(Directory.Exists(Path.Combine(_ws.Dir, "rampa-results")), "nothing may start on bad input");
        return run;
    }

    [Fact]
    public async Task Missing_file()
    {
        var run = await Expect104("run", "nope.yaml");
        Assert.Contains("nope.yaml: no such file", run.Stderr);
    }

    [Fact]
    public async Task Yaml_that_does_not_parse_names_its_place()
    {
        var file = _ws.Write("broken.yaml", "scenarios:\n  a: [unclosed\n");
        var run = await Expect104("run", file);
        Assert.Matches(@"broken\.yaml:\d+:\d+", run.Stderr);
    }

    [Fact]
    public async Task Every_error_at_once_with_file_line_col()
    {
        var file = _ws.Write("bad.yaml", """
            baseUrl: http://127.0.0.1:1
            scenarios:
              a:
                executor: constant-vuz
                flow: [{ request: GET / }]
              b:
                executor: constant-vus
                vus: 2
                duration: -5s
                bogus: 1
                flow: [{ request: GET / }]
              c:
                executor: shared-iterations
                flow: [{ request: "GET ht!tp://x y" }]
            thresholds:
              http_req_duration: ["p(95)<<300"]
            """);
        var run = await Expect104("validate", file);
        Assert.Contains("bad.yaml:4:", run.Stderr);            // unknown executor
        Assert.Contains("constant-vuz", run.Stderr);
        Assert.Contains("bad.yaml:9:", run.Stderr);            // negative duration
        Assert.Contains("bad.yaml:10:", run.Stderr);           // unknown option
        Assert.Contains("bogus", run.Stderr);
        Assert.Contains("p(95)<<300", run.Stderr);            // threshold that does not parse
        var errorLines = run.Stderr.Split('\n').Count(l => l.StartsWith(file, StringComparison.Ordinal) || l.Contains("bad.yaml:"));
        Assert.True(errorLines >= 5, run.Stderr);
    }

    [Fact]
    public async Task Missing_required_option()
    {
        var file = _ws.Write("req.yaml", """
            baseUrl: http://127.0.0.1:1
            scenarios:
              a:
                executor: constant-vus
                vus: 2
                flow: [{ request: GET / }]
            """);
        var run = await Expect104("run", file);
        Assert.Contains("duration", run.Stderr);
        Assert.Contains("req.yaml:", run.Stderr);
    }

    [Fact]
    public async Task Invalid_url_and_relative_url_without_base()
    {
        var file = _ws.Write("url.yaml", """
            scenarios:
              a:
                executor: shared-iterations
                flow:
                  - request: GET /relative
                  - request: GET ftp://127.0.0.1/x
            """);
        var run = await Expect104("run", file);
        Assert.Contains("url.yaml:5:", run.Stderr);
        Assert.Contains("url.yaml:6:", run.Stderr);
    }

    [Fact]
    public async Task Bad_command_line_options()
    {
        var file = _ws.Write("ok.yaml", "baseUrl: http://127.0.0.1:1\nflow: [{ request: GET / }]\n");
        Assert.Contains("--vus", (await Expect104("run", file, "--vus", "abc")).Stderr);
        Assert.Contains("--duration", (await Expect104("run", file, "--duration", "-3s")).Stderr);
        Assert.Contains("--frobnicate", (await Expect104("run", file, "--frobnicate")).Stderr);
        Assert.Contains("unknown command", (await Expect104("fly")).Stderr);
    }

    [Fact]
    public async Task Validate_accepts_the_examples()
    {
        foreach (var example in Directory.GetFiles(Path.Combine(RampaProcess.RepoRoot, "examples"), "*.yaml"))
        {
            var run = await RampaProcess.RunAsync(_ws.Dir, "validate", example);
            Assert.True(run.ExitCode == 0, $"{example}: {run.Output}");
            Assert.Contains("valid", run.Stdout);
        }
    }
}
