namespace Rampa.Integration.Tests;

/// <summary>The first command of the README: `rampa demo` runs the quickstart against the demo target and passes.</summary>
[Collection("cli")]
public sealed class DemoTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Demo_runs_the_quickstart_and_writes_the_summary()
    {
        var run = await RampaProcess.RunAsync(_ws.Dir, "demo", "--no-color");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("█ TOTAL RESULTS", run.Stdout);
        Assert.Contains("http_req_duration", run.Stdout);
        Assert.Contains("running (", run.Stdout);
        using var summary = _ws.Summary();
        Assert.Equal("completed", summary.State());
        var counted = System.Text.RegularExpressions.Regex.Match(run.Stdout, @"the demo target counted (\d+) requests");
        Assert.True(counted.Success, run.Stdout);
        Assert.Equal(long.Parse(counted.Groups[1].Value), (long)summary.Count("http_reqs"));
        var meta = summary.RootElement.GetProperty("run");
        Assert.Equal(64, meta.GetProperty("scenarioHash").GetString()!.Length);
        Assert.Single(meta.GetProperty("silos").EnumerateArray());
    }
}
