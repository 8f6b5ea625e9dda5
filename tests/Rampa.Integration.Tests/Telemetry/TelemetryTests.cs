using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rampa.Storage.Tests;

namespace Rampa.Integration.Tests.Telemetry;

/// <summary>
/// The telemetry outputs end to end, with real parts: the real CLI against the demo target, a real Prometheus server
/// (Debian's package) scraping <c>--out prometheus</c>, an OTLP/HTTP receiver and an Application Insights ingestion
/// endpoint on loopback fed by the real OpenTelemetry and Azure Monitor exporters. Each checks what arrived against
/// the run's summary.
/// </summary>
[Collection("cli")]
public sealed partial class TelemetryTests : TargetTest
{
    private const string PrometheusBinary = "/usr/bin/prometheus";

    private const string Scenario = """
        scenarios:
          browse:
            executor: constant-vus
            vus: 3
            duration: 8s
            thinkTime: 20ms
            flow:
              - request: GET /json
                name: json
                checks: { status: 200 }
              - request: GET /status/503
                name: broken
        """;

    [GeneratedRegex(@"run (\d{8}-\d{6}-[0-9a-f]{4})")]
    private static partial Regex RunIdPattern();

    private static string RunId(RampaRun run) => RunIdPattern().Match(run.Stdout).Groups[1].Value;

    [Fact]
    public async Task A_real_Prometheus_scrapes_the_endpoint_and_stores_the_summarys_request_count()
    {
        Assert.True(File.Exists(PrometheusBinary), $"{PrometheusBinary} is missing: scripts/test.sh installs Debian's prometheus package");
        var file = Ws.Write("p.yaml", Scenario);
        var endpointPort = FreeTcpPort.Next();
        var webPort = FreeTcpPort.Next();
        var config = Ws.Write("prometheus.yml", $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: rampa
                scrape_interval: 1s
                scrape_timeout: 900ms
                static_configs:
                  - targets: ['127.0.0.1:{endpointPort}']
            """);
        var psi = new ProcessStartInfo(PrometheusBinary)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Ws.Dir,
        };
        foreach (var a in new[] { $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(Ws.Dir, "tsdb")}",
                     $"--web.listen-address=127.0.0.1:{webPort}", "--log.level=warn" })
            psi.ArgumentList.Add(a);
        using var prometheus = Process.Start(psi)!;
        prometheus.OutputDataReceived += (_, _) => { };
        prometheus.ErrorDataReceived += (_, _) => { };
        prometheus.BeginOutputReadLine();
        prometheus.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}/"), Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await WaitReadyAsync(http);
            var run = await RampaProcess.RunAsync(Ws.Dir, TimeSpan.FromMinutes(2), null, null,
                ["run", file, "--base-url", Target.BaseUrl.ToString(), "--out", $"prometheus=127.0.0.1:{endpointPort}",
                 "--out", "json=live.jsonl", "--summary-export", "summary.json", "--no-color", "-q"]);
            Assert.True(run.ExitCode == 99 || run.ExitCode == 0, run.Output);
            var runId = RunId(run);
            using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Ws.Dir, "summary.json")));

            // The CLI served the final values until Prometheus scraped them once more, then exited; the last stored
            // sample of each series is the run's total (max_over_time: after the target went away, Prometheus marks
            // its series stale, so an instant query at "now" would find nothing).
            var requests = await QueryAsync(http, $"sum(max_over_time(rampa_requests_total{{run_id=\"{runId}\"}}[10m]))");
            Assert.Equal(summary.Count("http_reqs"), requests);
            var failures = await QueryAsync(http, $"sum(max_over_time(rampa_request_failures_total{{run_id=\"{runId}\"}}[10m]))");
            Assert.Equal(summary.Metric("http_req_failed").GetProperty("values").GetProperty("passes").GetDouble(), failures);
            var iterations = await QueryAsync(http, $"sum(max_over_time(rampa_iterations_total{{run_id=\"{runId}\",scenario=\"browse\"}}[10m]))");
            Assert.Equal(summary.Count("iterations"), iterations);
            var broken = await QueryAsync(http, $"sum(max_over_time(rampa_requests_total{{run_id=\"{runId}\",name=\"broken\",status=\"503\"}}[10m]))");
            Assert.True(broken > 0 && broken < requests, $"503s: {broken}");
            Assert.True(await QueryAsync(http, $"max(max_over_time(rampa_request_duration_p95_milliseconds{{run_id=\"{runId}\",name=\"json\"}}[10m]))") > 0);
            Assert.Equal(3, await QueryAsync(http, $"max(max_over_time(rampa_vus{{run_id=\"{runId}\"}}[10m]))"));
        }
        finally
        {
            if (!prometheus.HasExited) prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync();
        }
    }

    private static async Task WaitReadyAsync(HttpClient http)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                if ((await http.GetAsync("-/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < until) { }
            if (DateTime.UtcNow >= until) throw new TimeoutException("prometheus did not become ready in 30 s");
            await Task.Delay(200);
        }
    }

    private static async Task<double> QueryAsync(HttpClient http, string query)
    {
        using var doc = await http.GetFromJsonAsync<JsonDocument>("api/v1/query?query=" + Uri.EscapeDataString(query));
        var result = doc!.RootElement.GetProperty("data").GetProperty("result");
        Assert.True(result.GetArrayLength() == 1, $"{query}: {doc.RootElement}");
        return double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Otlp_http_receives_the_metrics_and_the_runs_span()
    {
        var file = Ws.Write("o.yaml", Scenario);
        using var receiver = new LoopbackReceiver((_, _) => "");
        var run = await RampaProcess.RunAsync(Ws.Dir, TimeSpan.FromMinutes(2), null,
            new Dictionary<string, string> { ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000" },
            ["run", file, "--base-url", Target.BaseUrl.ToString(), "--out", $"otlp={receiver.BaseUrl}", "--summary-export", "summary.json", "-q"]);
        Assert.True(run.ExitCode is 0 or 99, run.Output);
        Assert.DoesNotContain("warning: telemetry", run.Stdout);
        var runId = RunId(run);
        using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Ws.Dir, "summary.json")));

        var exports = receiver.Received.Where(r => r.Path == "/v1/metrics").Select(r => Otlp.Points(r.Body)).ToList();
        Assert.True(exports.Count >= 3, $"{exports.Count} metric exports");
        // Cumulative counters: the last export that carries the run holds its totals.
        var last = exports.Last(e => e.Any(p => p.Metric == "rampa.requests" && p.Attributes.GetValueOrDefault("run.id") == runId));
        double Total(string metric) => last.Where(p => p.Metric == metric && p.Attributes["run.id"] == runId).Sum(p => p.Value);
        Assert.Equal(summary.Count("http_reqs"), Total("rampa.requests"));
        Assert.Equal(summary.Count("iterations"), Total("rampa.iterations"));
        Assert.Equal(summary.Metric("http_req_failed").GetProperty("values").GetProperty("passes").GetDouble(), Total("rampa.request.failures"));
        Assert.Contains(last, p => p.Metric == "rampa.requests" && p.Attributes["status"] == "503" && p.Attributes["name"] == "broken");
        Assert.Contains(exports.SelectMany(e => e), p => p.Metric == "rampa.request.duration.p99" && p.Value > 0);
        // The .NET runtime's meter rides along.
        Assert.Contains(exports.SelectMany(e => e), p => p.Metric.StartsWith("dotnet.", StringComparison.Ordinal));

        var spans = receiver.Received.Where(r => r.Path == "/v1/traces").SelectMany(r => Otlp.Spans(r.Body)).ToList();
        var span = Assert.Single(spans, s => s.Name == "rampa.run");
        Assert.Equal(runId, span.Attributes["run.id"]);
        Assert.Equal("browse", span.Attributes["rampa.scenarios"]);
        Assert.Equal(run.ExitCode == 0 ? "passed" : "failed", span.Attributes["rampa.verdict"]);
    }

    [Fact]
    public async Task Azure_Monitor_exporter_sends_what_the_summary_says_and_every_metric_the_workbook_queries()
    {
        var file = Ws.Write("a.yaml", Scenario);
        using var receiver = new LoopbackReceiver((_, body) =>
        {
            var items = System.Text.Encoding.UTF8.GetString(body).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            return $$"""{"itemsReceived":{{items}},"itemsAccepted":{{items}},"errors":[]}""";
        });
        var run = await RampaProcess.RunAsync(Ws.Dir, TimeSpan.FromMinutes(2), null,
            new Dictionary<string, string>
            {
                ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = $"InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint={receiver.BaseUrl}",
                ["APPLICATIONINSIGHTS_STATSBEAT_DISABLED"] = "true",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
            },
            ["run", file, "--base-url", Target.BaseUrl.ToString(), "--summary-export", "summary.json", "-q"]);
        Assert.True(run.ExitCode is 0 or 99, run.Output);
        Assert.DoesNotContain("warning: telemetry", run.Stdout);
        var runId = RunId(run);
        using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Ws.Dir, "summary.json")));

        var items = receiver.Received.Where(r => r.Path.EndsWith("/track", StringComparison.Ordinal))
            .SelectMany(r => System.Text.Encoding.UTF8.GetString(r.Body).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();
        Assert.NotEmpty(items);
        var metrics = (from item in items
                       let data = item.GetProperty("data")
                       where data.GetProperty("baseType").GetString() == "MetricData"
                       let baseData = data.GetProperty("baseData")
                       let props = baseData.TryGetProperty("properties", out var p) ? p.EnumerateObject().ToDictionary(x => x.Name, x => x.Value.GetString() ?? "") : new()
                       from m in baseData.GetProperty("metrics").EnumerateArray()
                       select (Name: m.GetProperty("name").GetString()!, Value: m.GetProperty("value").GetDouble(), Props: props)).ToList();
        // Delta temporality (Application Insights' own): the values of a counter add up to the run's total.
        double Sum(string metric) => metrics.Where(m => m.Name == metric && m.Props.GetValueOrDefault("run.id") == runId).Sum(m => m.Value);
        Assert.Equal(summary.Count("http_reqs"), Sum("rampa.requests"));
        Assert.Equal(summary.Count("iterations"), Sum("rampa.iterations"));
        Assert.Equal(summary.Metric("http_req_failed").GetProperty("values").GetProperty("passes").GetDouble(), Sum("rampa.request.failures"));
        Assert.Contains(metrics, m => m.Name == "rampa.request.duration.p95" && m.Value > 0 && m.Props.GetValueOrDefault("run.id") == runId);
        Assert.Contains(metrics, m => m.Name == "rampa.vus" && m.Value == 3);

        // The run's span arrives as a dependency named rampa.run.
        Assert.Contains(items, i => i.GetProperty("data").GetProperty("baseData").TryGetProperty("name", out var n) && n.GetString() == "rampa.run");

        // Every metric the workbook charts is one Rampa sends: the names come out of the workbook's own queries.
        var workbook = File.ReadAllText(Path.Combine(RampaProcess.RepoRoot, "bicep", "workbook.bicep"));
        var queried = WorkbookMetricPattern().Matches(workbook).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(queried.Count >= 8, string.Join(", ", queried));
        var sent = metrics.Select(m => m.Name).ToHashSet();
        Assert.All(queried, name => Assert.True(sent.Contains(name), $"the workbook queries {name}, which Rampa did not send; sent: {string.Join(", ", sent.Order())}"));
    }

    /// <summary>A metric name in a KQL string of the workbook: <c>"rampa.…"</c>.</summary>
    [GeneratedRegex("\"(rampa\\.[a-z0-9_.]+)\"")]
    private static partial Regex WorkbookMetricPattern();

    [Fact]
    public async Task An_otlp_endpoint_that_is_down_costs_one_warning_line_and_changes_nothing()
    {
        var file = Ws.Write("d.yaml", "scenarios:\n  s: { executor: shared-iterations, vus: 2, iterations: 60, flow: [{ request: GET / }] }\n");
        var down = FreeTcpPort.Next();
        var run = await RampaProcess.RunAsync(Ws.Dir, TimeSpan.FromMinutes(2), null,
            new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{down}",
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            },
            ["run", file, "--base-url", Target.BaseUrl.ToString(), "--summary-export", "summary.json", "-q"]);
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Ws.Dir, "summary.json")));
        Assert.Equal(60, summary.Count("http_reqs"));
        Assert.Equal(60, Target.RequestCount);
        var warnings = run.Output.Split('\n').Where(l => l.Contains("warning: telemetry export failed", StringComparison.Ordinal)).ToList();
        var warning = Assert.Single(warnings);
        Assert.Contains($"127.0.0.1:{down}", warning);
        Assert.DoesNotContain("   at ", run.Output);
    }

    [Theory]
    [InlineData("prometheus=127.0.0.1:99999", "--out prometheus=127.0.0.1:99999: '99999' is not a port")]
    [InlineData("prometheus=example.org:9464", "--out prometheus=example.org:9464: 'example.org' is not an IP address")]
    [InlineData("otlp=ftp://127.0.0.1:4318", "--out otlp=ftp://127.0.0.1:4318: not an http(s) URL")]
    [InlineData("otlp=nonsense", "--out otlp=nonsense: not an http(s) URL")]
    [InlineData("azure-monitor=Endpoint=x", "--out azure-monitor=...: the connection string has no InstrumentationKey")]
    [InlineData("promethus", "unknown output 'promethus'")]
    public async Task A_bad_telemetry_out_is_exit_104_naming_the_option(string value, string message)
    {
        var file = Ws.Write("s.yaml", "scenarios:\n  s: { executor: shared-iterations, iterations: 1, flow: [{ request: GET / }] }\n");
        var run = await RampaProcess.RunAsync(Ws.Dir, ["run", file, "--base-url", Target.BaseUrl.ToString(), "--out", value]);
        Assert.True(run.ExitCode == 104, run.Output);
        Assert.Contains(message, run.Stderr);
        Assert.DoesNotContain("   at ", run.Output);
        Assert.Equal(0, Target.RequestCount);
    }

    [Fact]
    public async Task A_prometheus_port_in_use_is_exit_104_before_any_load()
    {
        var file = Ws.Write("s.yaml", "scenarios:\n  s: { executor: shared-iterations, iterations: 1, flow: [{ request: GET / }] }\n");
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var run = await RampaProcess.RunAsync(Ws.Dir, ["run", file, "--base-url", Target.BaseUrl.ToString(), "--out", $"prometheus=127.0.0.1:{port}"]);
        Assert.True(run.ExitCode == 104, run.Output);
        Assert.Contains($"--out prometheus=127.0.0.1:{port}: cannot listen", run.Stderr);
        Assert.DoesNotContain("   at ", run.Output);
        Assert.Equal(0, Target.RequestCount);
    }
}
