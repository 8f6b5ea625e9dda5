using System.Net;
using System.Net.Sockets;
using Rampa.DemoTarget;

namespace Rampa.Integration.Tests;

/// <summary>A failing target is counted, never a crash: every request lands in the summary with its error.</summary>
[Collection("cli")]
public sealed class FailingTargetTests : TargetTest
{
    private static int ClosedPort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port; // closed again when disposed: connections are refused
    }

    [Fact]
    public async Task Refused_reset_5xx_and_hung_requests_are_all_counted_as_failed_and_the_run_ends_on_time()
    {
        var closed = ClosedPort();
        var file = Ws.Write("fail.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              refused:
                executor: constant-vus
                vus: 2
                duration: 3s
                thinkTime: 50ms
                flow:
                  - name: refused
                    request: GET http://127.0.0.1:{{{closed}}}/
              broken:
                executor: constant-vus
                vus: 2
                duration: 3s
                flow:
                  - name: five-hundred
                    request: GET /status/503
                  - name: reset
                    request: GET /reset
                  - name: hung
                    request: GET /delay/60000
                    timeout: 500ms
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.DoesNotContain("   at ", run.Output);
        using var summary = Ws.Summary();
        var duration = summary.RootElement.GetProperty("run").GetProperty("durationSeconds").GetDouble();
        Assert.InRange(duration, 3.0, 5.0);

        var series = summary.Metric("http_reqs").GetProperty("series").EnumerateArray().Select(s => (
            Name: s.GetProperty("tags").GetProperty("name").GetString(),
            Status: s.GetProperty("tags").GetProperty("status").GetString(),
            Error: s.GetProperty("tags").TryGetProperty("error", out var e) ? e.GetString() : null,
            Count: s.GetProperty("values").GetProperty("count").GetDouble())).ToList();
        Assert.Contains(series, s => s is { Name: "refused", Status: "0", Error: "connection refused" } && s.Count > 5);
        Assert.Contains(series, s => s is { Name: "five-hundred", Status: "503", Error: null } && s.Count > 1);
        Assert.Contains(series, s => s is { Name: "reset", Status: "0" } && s.Error != null && s.Count > 1);
        Assert.Contains(series, s => s is { Name: "hung", Status: "0", Error: "request timeout" } && s.Count > 1);

        // Every answered request of the "broken" scenario failed, so the failure rate counts them all.
        var failed = summary.Metric("http_req_failed").GetProperty("values");
        Assert.Equal(0, failed.GetProperty("fails").GetDouble());
        Assert.Equal(summary.Count("http_reqs"), failed.GetProperty("passes").GetDouble());
        // The target saw exactly what was sent to it (refused requests never reached it).
        Assert.Equal(Target.RequestCount, (long)series.Where(s => s.Name != "refused").Sum(s => s.Count));
    }
}
