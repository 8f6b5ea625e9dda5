using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rampa.Silo.Tests;
using Rampa.Storage.Tests;

namespace Rampa.Integration.Tests.Telemetry;

/// <summary>
/// <c>rampa silo --out prometheus=...</c>: a silo exports the runs it orchestrates. Azurite, one real silo process
/// with a scrape endpoint, the CLI driving it through storage; after the run the silo's endpoint holds the run's totals
/// (it keeps a finished run's values for two minutes), equal to the summary's.
/// </summary>
[Collection("cli")]
public sealed partial class SiloTelemetryTests : TargetTest
{
    private readonly AzuriteFixture _azurite = new();
    private SiloProcess? _silo;
    private int _port;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await _azurite.InitializeAsync();
        _port = FreeTcpPort.Next();
        _silo = SiloProcess.Start(Ws.Dir, "--storage", _azurite.FullConnectionString, "--cluster-id", "tel-" + Guid.NewGuid().ToString("N")[..10],
            "--name", "silo-0", "--out-dir", Path.Combine(Ws.Dir, "silo-0"), "--out", $"prometheus=127.0.0.1:{_port}");
        try
        {
            await _silo.WaitForOutputAsync("active in cluster", TimeSpan.FromSeconds(90));
        }
        catch
        {
            // xUnit does not dispose a test class whose start failed: stop the silos and Azurite here, or they outlive the run.
            await DisposeAsync();
            throw;
        }
    }

    public override async Task DisposeAsync()
    {
        if (_silo is not null) await _silo.DisposeAsync();
        await _azurite.DisposeAsync();
        await base.DisposeAsync();
    }

    [GeneratedRegex(@"run (\d{8}-\d{6}-[0-9a-f]{4})")]
    private static partial Regex RunIdPattern();

    [Fact]
    public async Task A_silo_with_out_prometheus_serves_the_totals_of_the_run_it_orchestrated()
    {
        var file = Ws.Write("s.yaml", """
            scenarios:
              s: { executor: constant-vus, vus: 2, duration: 4s, thinkTime: 20ms, flow: [{ request: GET /json, name: json }] }
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, TimeSpan.FromMinutes(3), null, null,
            ["run", file, "--base-url", Target.BaseUrl.ToString(), "-q", "--no-color", "--out-dir", "out",
             "--cluster", _azurite.FullConnectionString, "--summary-export", "summary.json"]);
        Assert.True(run.ExitCode == 0, run.Output + _silo!.Stderr);
        var runId = RunIdPattern().Match(run.Stdout).Groups[1].Value;
        using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Ws.Dir, "summary.json")));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var text = await http.GetStringAsync($"http://127.0.0.1:{_port}/metrics");
        var requests = text.Split('\n')
            .Where(l => l.StartsWith("rampa_requests_total{", StringComparison.Ordinal) && l.Contains($"run_id=\"{runId}\""))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        Assert.Equal(summary.Count("http_reqs"), requests);
        Assert.Contains("rampa_request_duration_p95_milliseconds{", text);
        Assert.Contains("dotnet_gc_", text);                                   // the runtime's meter beside Rampa's
        Assert.Contains("service_instance_id=\"silo-0\"", text);
    }
}
