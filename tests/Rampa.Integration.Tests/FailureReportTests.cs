using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Rampa.Report.Tests;

namespace Rampa.Integration.Tests;

/// <summary>
/// "Why did it fail?" end to end: the built CLI against a closed port, a server that resets every connection, and the
/// demo target's 405 and 500 answers. The classes and counts must agree in stdout, summary.json and report.html (read
/// by Chromium from the page). Runs are short: 2 VUs for 2 s, with a think time.
/// </summary>
[Collection("cli")]
public sealed class FailureReportTests : TargetTest
{
    private static int ClosedPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port; // never listened on, closed when disposed: refused
    }

    private string Scenario(string flow) => Ws.Write("fail.yaml", $"""
        baseUrl: {Target.BaseUrl}
        vus: 2
        duration: 2s
        thinkTime: 20ms
        flow:
        {flow}
        """);

    private async Task<RampaRun> RunAsync(string file)
    {
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.DoesNotContain("   at ", run.Output, StringComparison.Ordinal);
        return run;
    }

    /// <summary>The class of <paramref name="request"/> with <paramref name="code"/> in summary.json's failures.</summary>
    private static (long Failed, long Requests, long Count, string Name, string? Message) FromJson(JsonDocument summary, string request, int code)
    {
        var byRequest = summary.RootElement.GetProperty("failures").GetProperty("byRequest").EnumerateArray()
            .Single(r => r.GetProperty("name").GetString() == request);
        var row = byRequest.GetProperty("classes").EnumerateArray().Single(c => c.GetProperty("code").ValueKind == JsonValueKind.Number && c.GetProperty("code").GetInt32() == code);
        return (byRequest.GetProperty("failed").GetInt64(), byRequest.GetProperty("requests").GetInt64(), row.GetProperty("count").GetInt64(),
            row.GetProperty("name").GetString()!, row.GetProperty("message").GetString());
    }

    /// <summary>Opens the run's report.html in Chromium and reads the count the Failures section shows for the class.</summary>
    private async Task<(long Count, string Message)> FromReportAsync(string request, int code)
    {
        var folder = Directory.GetDirectories(Path.Combine(Ws.Dir, "rampa-results")).Single();
        await using var chromium = new ChromiumFixture();
        await chromium.InitializeAsync();
        await using var opened = await OpenedReport.OpenAsync(chromium.Browser, Path.Combine(folder, "report.html"));
        Assert.Empty(opened.Errors);
        var row = opened.Page.Locator($"#failures tbody[data-failure-request='{request}'] tr[data-failure-code='{code}']");
        Assert.Equal(1, await row.CountAsync());
        Assert.True(await opened.Page.Locator("[data-failures-banner]").IsVisibleAsync());
        var count = long.Parse((await row.GetAttributeAsync("data-count"))!, CultureInfo.InvariantCulture);
        var message = (await row.Locator(".failure-message").TextContentAsync())!.Trim();
        return (count, message);
    }

    [Fact]
    public async Task A_closed_port_is_connection_refused_at_once_in_the_live_line_and_everywhere_after()
    {
        var port = ClosedPort();
        var run = await RunAsync(Scenario($"  - name: home\n    request: GET http://127.0.0.1:{port}/"));
        var expected = $"connect to 127.0.0.1:{port}: Connection refused";
        Assert.Contains($"⚠ 100% of requests fail: connection refused ({expected}) — is the target up?", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("  █ FAILURES", run.Stdout, StringComparison.Ordinal);

        using var summary = Ws.Summary();
        var json = FromJson(summary, "home", 1212);
        Assert.Equal(("connection refused", expected), (json.Name, json.Message));
        Assert.True(json.Count > 5, $"only {json.Count} requests");
        Assert.Equal((json.Requests, json.Requests), (json.Failed, json.Count));
        Assert.Contains($"    home: {json.Failed} of {json.Requests} requests failed (100.00%)", run.Stdout, StringComparison.Ordinal);
        Assert.Matches($@"\n      1212  connection refused  {json.Count}  100\.00%  {System.Text.RegularExpressions.Regex.Escape(expected)}", run.Stdout.ReplaceLineEndings("\n"));
        // The failed series carry k6's error_code tag beside the error reason.
        var tags = summary.Metric("http_reqs").GetProperty("series").EnumerateArray().Single().GetProperty("tags");
        Assert.Equal(("connection refused", "1212"), (tags.GetProperty("error").GetString(), tags.GetProperty("error_code").GetString()));

        Assert.Equal((json.Count, expected), await FromReportAsync("home", 1212));
    }

    [Fact]
    public async Task A_server_that_resets_every_connection_is_connection_reset()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var resets = Task.Run(async () =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var socket = await listener.AcceptSocketAsync(stop.Token);
                    socket.LingerState = new LingerOption(true, 0); // close with RST, not FIN
                    socket.Close();
                }
            }
            catch (OperationCanceledException) { }
            catch (SocketException) { }
        });

        var run = await RunAsync(Scenario($"  - name: reset\n    request: GET http://127.0.0.1:{port}/"));
        await stop.CancelAsync();
        await resets;

        using var summary = Ws.Summary();
        var json = FromJson(summary, "reset", 1220);
        Assert.Equal("connection reset", json.Name);
        Assert.True(json.Count > 5, $"only {json.Count} requests");
        Assert.Equal(json.Failed, json.Count); // every request was reset
        Assert.Contains($"127.0.0.1:{port}", json.Message, StringComparison.Ordinal);
        Assert.Contains($"      1220  connection reset  {json.Count}  100.00%  {json.Message}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("⚠ 100% of requests fail: connection reset", run.Stdout, StringComparison.Ordinal);
        Assert.Equal((json.Count, json.Message), await FromReportAsync("reset", 1220));
    }

    [Fact]
    public async Task A_wrong_method_is_405_and_a_server_error_is_500_with_their_share_of_each_request()
    {
        var run = await RunAsync(Scenario("""
              - name: wrong-method
                request: POST /json
              - name: server-error
                request: GET /status/500
              - name: ok
                request: GET /
            """));
        Assert.DoesNotContain("⚠", run.Stdout, StringComparison.Ordinal); // the target answers: no "is it up?" alarm

        using var summary = Ws.Summary();
        var notAllowed = FromJson(summary, "wrong-method", 1405);
        Assert.Equal(("HTTP 405", "HTTP 405 Method Not Allowed (POST /json)"), (notAllowed.Name, notAllowed.Message));
        var serverError = FromJson(summary, "server-error", 1500);
        Assert.Equal(("HTTP 500", "HTTP 500 Internal Server Error (GET /status/500)"), (serverError.Name, serverError.Message));
        Assert.True(notAllowed.Count > 5 && serverError.Count > 5, run.Stdout);
        // Every request of both names failed; the target counted each of them.
        Assert.Equal((notAllowed.Requests, serverError.Requests), (notAllowed.Count, serverError.Count));
        Assert.DoesNotContain(summary.RootElement.GetProperty("failures").GetProperty("byRequest").EnumerateArray(), r => r.GetProperty("name").GetString() == "ok");

        var text = run.Stdout;
        Assert.Contains($"    wrong-method: {notAllowed.Count} of {notAllowed.Requests} requests failed (100.00%)", text, StringComparison.Ordinal);
        var width = Math.Max(notAllowed.Count, serverError.Count).ToString(CultureInfo.InvariantCulture).Length;
        string Padded(long n) => n.ToString(CultureInfo.InvariantCulture).PadLeft(width);
        Assert.Contains($"      1405  HTTP 405  {Padded(notAllowed.Count)}  100.00%  HTTP 405 Method Not Allowed (POST /json)", text, StringComparison.Ordinal);
        Assert.Contains($"      1500  HTTP 500  {Padded(serverError.Count)}  100.00%  HTTP 500 Internal Server Error (GET /status/500)", text, StringComparison.Ordinal);

        Assert.Equal((notAllowed.Count, notAllowed.Message), await FromReportAsync("wrong-method", 1405));
        Assert.Equal((serverError.Count, serverError.Message), await FromReportAsync("server-error", 1500));
    }
}
