using System.Text.Json;
using Rampa.DemoTarget;

namespace Rampa.Integration.Tests;

/// <summary>End to end: grpc steps through the CLI against the demo target's gRPC service, counts compared with the server's.</summary>
[Collection("cli")]
public sealed class GrpcTests : IAsyncLifetime
{
    private DemoGrpcServer _server = null!;
    private readonly Workspace _ws = new();

    public async Task InitializeAsync()
    {
        _server = await DemoGrpcServer.StartAsync();
        File.Copy(Path.Combine(RampaProcess.RepoRoot, "src", "Rampa.DemoTarget", "Protos", "demo.proto"), Path.Combine(_ws.Dir, "demo.proto"));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _ws.Dispose();
    }

    /// <summary>A metric's series: (tags, values) per series.</summary>
    private static List<(JsonElement Tags, JsonElement Values)> Series(JsonDocument summary, string metric) =>
        [.. summary.Metric(metric).GetProperty("series").EnumerateArray().Select(s => (s.GetProperty("tags"), s.GetProperty("values")))];

    private static Dictionary<string, (double Passes, double Fails)> Checks(JsonDocument summary) =>
        Series(summary, "checks").ToDictionary(s => s.Tags.GetProperty("check").GetString()!,
            s => (s.Values.GetProperty("passes").GetDouble(), s.Values.GetProperty("fails").GetDouble()));

    [Theory]
    [InlineData("proto: demo.proto")]
    [InlineData("reflection: true")]
    public async Task Unary_calls_are_counted_exactly_as_the_server_counts_them(string source)
    {
        var file = _ws.Write("unary.yaml", $$$"""
            scenarios:
              hello:
                executor: shared-iterations
                vus: 3
                iterations: 12
                flow:
                  - grpc: rampa.demo.Greeter/SayHello
                    address: {{{_server.Address}}}
                    {{{source}}}
                    message:
                      name: "vu{{vu}}"
                      times: 2
                      mood: HAPPY
                      origin: { city: Paris, lat: 48.85, verified: true }
                      labels: { team: load }
                    metadata: { x-user: "u{{vu}}" }
                    timeout: 5s
                    checks:
                      status: OK
                      json:
                        $.message: { contains: "Hello, vu" }
                        $.origin.city: Paris
                        $.mood: HAPPY
                        $.labels.team: load
                        $.labels.x-user: { matches: "^u[0-9]+$" }
                        $.messages[1]: { contains: "#2" }
                        $.callNumber: { ">": 0 }
            """);
        var run = await RampaProcess.RunAsync(_ws.Dir, "run", file, "--quiet");
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = _ws.Summary();
        Assert.Equal(12, _server.CallsTo("SayHello"));
        Assert.Equal(_server.CallsTo("SayHello"), summary.Count("grpc_reqs"));
        var reqs = Assert.Single(Series(summary, "grpc_reqs"));
        Assert.Equal("OK", reqs.Tags.GetProperty("grpc_status").GetString());
        Assert.Equal("rampa.demo.Greeter/SayHello", reqs.Tags.GetProperty("name").GetString());
        Assert.Equal(0, summary.Metric("grpc_req_failed").GetProperty("values").GetProperty("rate").GetDouble());
        Assert.Equal(12, summary.Metric("grpc_req_duration").GetProperty("values").GetProperty("count").GetDouble());
        foreach (var (name, (passes, fails)) in Checks(summary))
            Assert.True(passes == 12 && fails == 0, $"{name}: {passes} passes, {fails} fails");
        Assert.Equal(8, Checks(summary).Count);
        Assert.True(summary.Count("data_sent") > 0);
        Assert.True(summary.Count("data_received") > 0);
    }

    [Fact]
    public async Task Server_streams_count_calls_and_messages_and_check_the_last_or_every_message()
    {
        var file = _ws.Write("stream.yaml", $$$"""
            scenarios:
              count:
                executor: per-vu-iterations
                vus: 2
                iterations: 5
                flow:
                  - grpc: rampa.demo.Greeter/Count
                    name: last
                    address: {{{_server.Address}}}
                    proto: demo.proto
                    message: { start: 10, count: 4, delayMs: 5 }
                    messages: 4
                    checks: { status: OK, json: { $.last: true, $.value: 13 } }
                  - grpc: rampa.demo.Greeter/Count
                    name: every
                    address: {{{_server.Address}}}
                    proto: demo.proto
                    message: { start: 10, count: 3 }
                    checkMessages: every
                    messages: ">= 3"
                    checks: { json: { $.value: { ">=": 10 }, $.last: false } }
            """);
        var run = await RampaProcess.RunAsync(_ws.Dir, "run", file, "--quiet");
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = _ws.Summary();
        Assert.Equal(20, _server.CallsTo("Count"));
        Assert.Equal(_server.CallsTo("Count"), summary.Count("grpc_reqs"));
        Assert.Equal(20, summary.Count("grpc_streams"));
        Assert.Equal(10 * 4 + 10 * 3, _server.StreamMessagesSent);
        Assert.Equal(_server.StreamMessagesSent, summary.Count("grpc_streams_msgs_received"));
        Assert.Equal(20, summary.Metric("grpc_stream_first_message").GetProperty("values").GetProperty("count").GetDouble());
        var checks = Checks(summary);
        Assert.Equal((10, 0), checks["messages == 4"]);
        Assert.Equal((10, 0), checks["$.last == true"]);
        Assert.Equal((10, 0), checks["$.value == 13"]);
        Assert.Equal((10, 0), checks["messages >= 3"]);
        Assert.Equal((10, 0), checks["$.value >= 10"]);
        // Every message must hold it, and the last one has last: true.
        Assert.Equal((0, 10), checks["$.last == false"]);
    }

    [Fact]
    public async Task An_unavailable_server_answer_is_counted_as_failed_not_a_crash()
    {
        var file = _ws.Write("fail.yaml", $$$"""
            scenarios:
              fail:
                executor: shared-iterations
                vus: 2
                iterations: 6
                flow:
                  - grpc: rampa.demo.Greeter/Fail
                    address: {{{_server.Address}}}
                    proto: demo.proto
                    message: { code: 14, message: "try later" }
                    checks: [{ status: OK }, { name: unavailable, status: [UNAVAILABLE, 4] }]
                  - grpc: rampa.demo.Greeter/Fail
                    name: expected
                    address: {{{_server.Address}}}
                    proto: demo.proto
                    message: { code: 5 }
                    expectedStatuses: [OK, NOT_FOUND]
            """);
        var run = await RampaProcess.RunAsync(_ws.Dir, "run", file, "--quiet");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.DoesNotContain("Exception", run.Output);
        using var summary = _ws.Summary();
        Assert.Equal(12, _server.CallsTo("Fail"));
        Assert.Equal(12, summary.Count("grpc_reqs"));
        var failed = Series(summary, "grpc_req_failed").ToDictionary(s => s.Tags.GetProperty("grpc_status").GetString()!, s => s.Values);
        Assert.Equal(1, failed["UNAVAILABLE"].GetProperty("rate").GetDouble());
        Assert.Equal(0, failed["NOT_FOUND"].GetProperty("rate").GetDouble());
        Assert.Equal(0.5, summary.Metric("grpc_req_failed").GetProperty("values").GetProperty("rate").GetDouble());
        var checks = Checks(summary);
        Assert.Equal((0, 6), checks["status is OK"]);
        Assert.Equal((6, 0), checks["unavailable"]);
    }

    [Fact]
    public async Task Bad_grpc_steps_exit_104_naming_each_place()
    {
        var file = _ws.Write("bad.yaml", """
            scenarios:
              bad:
                executor: shared-iterations
                iterations: 1
                flow:
                  - grpc: rampa.demo.Greeter/SayHola
                    address: http://127.0.0.1:1
                    proto: demo.proto
                  - grpc: rampa.demo.Greeter/SayHello
                    address: http://127.0.0.1:1
                    proto: demo.proto
                    message:
                      nmae: x
                      times: many
                      mood: SAD
                      origin: { lat: north }
                      tags: one
                    checks: { status: FINE }
                  - grpc: rampa.demo.Greeter/SayHello
                    address: http://127.0.0.1:1
                    proto: missing.proto
            """);
        var run = await RampaProcess.RunAsync(_ws.Dir, "run", file);
        Assert.True(run.ExitCode == 104, $"exit {run.ExitCode}: {run.Output}");
        Assert.DoesNotContain("   at ", run.Output);
        Assert.Contains("bad.yaml:6:15", run.Stderr);
        Assert.Contains("no method 'rampa.demo.Greeter/SayHola'", run.Stderr);
        Assert.Contains("bad.yaml:13:11", run.Stderr);
        Assert.Contains("has no field 'nmae'", run.Stderr);
        Assert.Contains("bad.yaml:14:18", run.Stderr);
        Assert.Contains("bad.yaml:15:17", run.Stderr);
        Assert.Contains("'SAD' is not a value of enum rampa.demo.Mood", run.Stderr);
        Assert.Contains("bad.yaml:16:26", run.Stderr);
        Assert.Contains("bad.yaml:17:17", run.Stderr);
        Assert.Contains("bad.yaml:18:27", run.Stderr);
        Assert.Contains("unknown gRPC status 'FINE'", run.Stderr);
        Assert.Contains("bad.yaml:21:16", run.Stderr);
        Assert.Contains("missing.proto' does not exist", run.Stderr);
        Assert.Equal(0, _server.TotalCalls);
    }
}
