using System.Text.Json;

namespace Rampa.Integration.Tests;

/// <summary>
/// End to end: <c>ws</c> steps with the real CLI against the demo target's WebSocket routes; the ws_* counts equal what
/// the server counted, and a server that hangs up early is a failed session and check, not a crash.
/// </summary>
[Collection("cli")]
public sealed class WebSocketTests : TargetTest
{
    /// <summary>A metric's series: tags, samples (raw count), and the samples that were not zero (a Rate's passes).</summary>
    internal static List<(Dictionary<string, string> Tags, double Count, double NonZero)> Series(JsonDocument summary, string metric) =>
        !summary.RootElement.GetProperty("metrics").TryGetProperty(metric, out var m) ? [] : m.GetProperty("series").EnumerateArray().Select(s => (
            s.GetProperty("tags").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            s.GetProperty("raw").GetProperty("count").GetDouble(),
            s.GetProperty("raw").GetProperty("nonZero").GetDouble())).ToList();

    /// <summary>A Rate's passes and fails over all its series.</summary>
    internal static (double Passes, double Fails) Rate(JsonDocument summary, string metric)
    {
        if (!summary.RootElement.GetProperty("metrics").TryGetProperty(metric, out var m)) return (0, 0);
        var v = m.GetProperty("values");
        return (v.GetProperty("passes").GetDouble(), v.GetProperty("fails").GetDouble());
    }

    [Fact]
    public async Task Echo_sessions_count_every_message_the_server_saw_with_checks_reply_times_and_pings()
    {
        var file = Ws.Write("ws.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              echo:
                executor: per-vu-iterations
                vus: 3
                iterations: 4
                flow:
                  - ws: /ws/echo
                    name: echo
                    subprotocols: [rampa.v1]
                    timeout: 5s
                    tags: { team: rt }
                    actions:
                      - send: "hello from {{vu}}"
                      - receive:
                          checks: { body: { contains: hello, matches: "from [0-9]+" } }
                      - ping
                      - loop: 5
                        actions:
                          - send: { json: { n: "{{iteration}}", kind: tick } }
                          - receive: { checks: { json: { $.kind: tick } } }
                      - send: { binary: AAEC }
                      - receive: { timeout: 2s, checks: { body: { size: 3 } } }
                      - sleep: 10ms
                      - close: { reason: done }
            thresholds:
              ws_session_failed: ["rate==0"]
              checks: ["rate==1"]
              "ws_msgs_received{team:rt}": ["count==84"]
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet");
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();
        var stats = Target.WebSocket;
        // 12 sessions, each 7 messages each way.
        Assert.Equal(12, stats.Sessions);
        Assert.Equal(84, stats.MessagesReceived);
        Assert.Equal(84, stats.MessagesSent);
        Assert.Equal(12, summary.Count("ws_sessions"));
        Assert.Equal(84, summary.Count("ws_msgs_sent"));
        Assert.Equal(84, summary.Count("ws_msgs_received"));
        Assert.Equal(12, summary.Count("ws_connecting"));
        Assert.Equal(12, summary.Count("ws_session_duration"));
        Assert.Equal(12, summary.Count("ws_ping"));
        Assert.Equal(84, summary.Count("ws_reply_duration")); // every receive answers the send before it
        Assert.Equal((96, 0), Rate(summary, "checks"));       // per session: 2 on the first receive, 5 in the loop, 1 on the binary
        var sessions = Assert.Single(Series(summary, "ws_sessions"));
        Assert.Equal("101", sessions.Tags["status"]);
        Assert.Equal("echo", sessions.Tags["name"]);
        Assert.Equal("rt", sessions.Tags["team"]);
        var failed = Assert.Single(Series(summary, "ws_session_failed"));
        Assert.Equal((12, 0), (failed.Count, failed.NonZero));
        Assert.True(summary.Count("data_sent") > 0 && summary.Count("data_received") > 0);
        // The summary's WEBSOCKET group and report.html's WebSocket section.
        Assert.Contains("WEBSOCKET", run.Output);
        var report = File.ReadAllText(Path.Combine(Directory.GetDirectories(Path.Combine(Ws.Dir, "rampa-results"))[0], "report.html"));
        Assert.Contains("data-protocol-metric=\"ws_msgs_received\" data-name=\"echo\"", report);
        Assert.Contains("data-protocol-metric=\"ws_reply_duration\" data-name=\"echo\"", report);
    }

    [Fact]
    public async Task The_websocket_example_passes_against_the_demo_target()
    {
        var example = Path.Combine(RampaProcess.RepoRoot, "examples", "websocket.yaml");
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", example, "--base-url", Target.BaseUrl.ToString(), "--quiet");
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();
        Assert.Equal(Target.WebSocket.Sessions, summary.Count("ws_sessions"));
        Assert.Equal(Target.WebSocket.MessagesSent, summary.Count("ws_msgs_received"));
        Assert.Equal(Target.WebSocket.MessagesReceived, summary.Count("ws_msgs_sent"));
    }

    [Fact]
    public async Task Chat_broadcasts_count_exactly_what_the_server_delivered()
    {
        var file = Ws.Write("chat.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              chat:
                executor: per-vu-iterations
                vus: 4
                iterations: 3
                flow:
                  - ws: /ws/chat
                    timeout: 5s
                    actions:
                      - loop: 3
                        actions:
                          - send: { json: { from: "{{vu}}", kind: chat } }
                          - expect: { checks: { json: { $.kind: chat } } }
                      - sleep: 20ms
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet");
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();
        var stats = Target.WebSocket;
        Assert.Equal(12, stats.Sessions);
        Assert.Equal(36, stats.MessagesReceived);
        Assert.Equal(36, summary.Count("ws_msgs_sent"));
        // Every client gets every message sent while it is connected (its own at least): the exact count is the server's.
        Assert.True(stats.MessagesSent >= 36, stats.MessagesSent.ToString());
        Assert.Equal(stats.MessagesSent, summary.Count("ws_msgs_received"));
        // A reply is the first accepted message that arrived after the send: another client's older message is not one.
        Assert.InRange(summary.Count("ws_reply_duration"), 1, 36);
        Assert.Equal((36, 0), Rate(summary, "checks"));
        Assert.Equal((0, 12), Rate(summary, "ws_session_failed"));
    }

    [Fact]
    public async Task A_server_that_closes_early_fails_the_session_and_its_checks_and_aborts_the_iteration()
    {
        var file = Ws.Write("early.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              early:
                executor: shared-iterations
                vus: 2
                iterations: 6
                flow:
                  - ws: /ws/echo?closeAfter=2
                    name: early
                    timeout: 5s
                    abortIterationOnFail: true
                    actions:
                      - loop: 3
                        actions:
                          - send: ping me
                          - receive: { checks: { body: ping me } }
                  - request: GET /json
                    name: after
            thresholds:
              ws_session_failed: ["rate<0.5"]
            """);
        var jsonl = Path.Combine(Ws.Dir, "live.jsonl");
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet", "--out", $"json={jsonl}");
        Assert.True(run.ExitCode == 99, run.Output); // the threshold fails; the run itself completes
        Assert.DoesNotContain("Exception", run.Output);
        using var summary = Ws.Summary();
        Assert.Equal("completed", summary.State());
        var stats = Target.WebSocket;
        Assert.Equal(6, stats.Sessions);
        Assert.Equal(6, stats.ServerClosed);
        Assert.Equal(12, stats.MessagesSent);
        Assert.Equal(12, summary.Count("ws_msgs_received"));
        Assert.Equal(6, summary.Count("ws_sessions"));
        Assert.Equal((6, 0), Rate(summary, "ws_session_failed"));
        // The third send fails if the server's close was read before it, else the third receive does (its check fails).
        var (passes, fails) = Rate(summary, "checks");
        Assert.Equal(12, passes);
        Assert.InRange(fails, 0, 6);
        Assert.Equal(0, Target.CountFor("/json"));          // abortIterationOnFail: the request after it never ran
        Assert.Equal(6, summary.Count("iterations"));
        var failed = summary.Metric("ws_session_failed").GetProperty("series").EnumerateArray().Single();
        var message = failed.GetProperty("message").GetString()!;
        Assert.Contains("early.yaml:", message);
        Assert.Contains("closed", message);
        // The live frames count the sessions too, exact in sum: 6 sessions, all failed.
        var live = File.ReadAllLines(jsonl).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .SelectMany(f => f.GetProperty("protocols").EnumerateArray()).Where(p => p.GetProperty("protocol").GetString() == "WebSocket").ToList();
        Assert.Equal(6, live.Sum(p => p.GetProperty("count").GetInt64()));
        Assert.Equal(6, live.Sum(p => p.GetProperty("failures").GetInt64()));
        Assert.Equal((6L, 6L), (live[^1].GetProperty("totalCount").GetInt64(), live[^1].GetProperty("totalFailures").GetInt64()));
        Assert.Equal("sessions", live[^1].GetProperty("unit").GetString());
    }

    [Fact]
    public async Task A_refused_upgrade_is_a_failed_session_with_its_status()
    {
        var file = Ws.Write("refused.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              refused:
                executor: shared-iterations
                vus: 1
                iterations: 2
                flow:
                  - ws: /status/403
                    timeout: 5s
                    actions: [ping]
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet");
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();
        var sessions = Assert.Single(Series(summary, "ws_sessions"));
        Assert.Equal("403", sessions.Tags["status"]);
        Assert.Equal((2, 0), Rate(summary, "ws_session_failed"));
        Assert.Equal(0, summary.Count("ws_ping"));
    }

    [Fact]
    public async Task Bad_ws_steps_exit_104_with_their_places()
    {
        var file = Ws.Write("bad.yaml", """
            baseUrl: http://127.0.0.1:1
            scenarios:
              a:
                executor: shared-iterations
                flow:
                  - ws:
                    actions: [ping]
                  - ws: /chat
                    actions:
                      - shout: hello
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "validate", file);
        Assert.True(run.ExitCode == 104, run.Output);
        Assert.DoesNotContain("   at ", run.Output);
        Assert.Contains("bad.yaml:6:12: scenarios.a.flow[0].ws: expected a WebSocket URL", run.Stderr);
        Assert.Contains("bad.yaml:10:13: scenarios.a.flow[1].actions[0].shout: unknown action 'shout'", run.Stderr);
    }

    [Fact]
    public async Task A_csharp_scenario_records_the_same_metrics_and_counts_as_the_server()
    {
        var project = CodeProject.Write(Ws, "Sockets", """
            [assembly: Threshold("checks", "rate==1")]

            public static class Sockets
            {
                [Scenario(Executor = "per-vu-iterations", Vus = 2, Iterations = 3)]
                public static async Task Echo(Worker worker)
                {
                    await using (var ws = await worker.WebSocket.ConnectAsync("/ws/echo", new WebSocketOptions
                    {
                        Name = "echo", Subprotocols = ["rampa.v1"], Tags = new Dictionary<string, string> { ["team"] = "rt" },
                        Timeout = TimeSpan.FromSeconds(5),
                    }))
                    {
                        worker.Check(ws, "subprotocol chosen", s => s.Subprotocol == "rampa.v1");
                        for (var i = 0; i < 4; i++)
                        {
                            await ws.SendJsonAsync(new { n = i, vu = worker.Vu });
                            var reply = await ws.ReceiveAsync();
                            worker.Check(reply, "echoed", m => m!.Json()!["n"]!.GetValue<int>() == i);
                        }
                        await ws.SendAsync(new byte[] { 1, 2, 3 });
                        var bytes = await ws.ExpectAsync(m => m.IsBinary);
                        worker.Check(bytes, "binary back", m => m!.Data.Length == 3);
                        var rtt = await ws.PingAsync();
                        worker.Check(rtt, "pong", r => r is not null);
                        await ws.CloseAsync();
                    }
                    // A server that hangs up after one message: the session fails, nothing is thrown.
                    await using var early = await worker.WebSocket.ConnectAsync("/ws/echo?closeAfter=1", new WebSocketOptions { Name = "early", Timeout = TimeSpan.FromSeconds(5) });
                    await early.SendAsync("one");
                    await early.ReceiveAsync();
                    var none = await early.ReceiveAsync(TimeSpan.FromSeconds(2));
                    if (none is not null || early.Error is null) throw new InvalidOperationException("the early close was not seen");
                }
            }
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, TimeSpan.FromMinutes(3), null,
            ["run", project, "--base-url", Target.BaseUrl.ToString(), "-q", "--no-color"]);
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();
        var stats = Target.WebSocket;
        Assert.Equal(12, stats.Sessions);
        Assert.Equal(6, stats.ServerClosed);
        Assert.Equal(6 * 6, stats.MessagesReceived);   // 5 + 1 per iteration
        Assert.Equal(stats.MessagesSent, summary.Count("ws_msgs_received"));
        Assert.Equal(stats.MessagesReceived, summary.Count("ws_msgs_sent"));
        Assert.Equal(0, summary.Count("iteration_errors"));
        Assert.Equal(6, summary.Count("ws_ping"));
        var byName = Series(summary, "ws_session_failed").ToDictionary(s => s.Tags["name"]);
        Assert.Equal((6, 0), (byName["echo"].Count, byName["echo"].NonZero));
        Assert.Equal((6, 6), (byName["early"].Count, byName["early"].NonZero));
        Assert.Equal("rt", byName["echo"].Tags["team"]);
        Assert.Equal("101", byName["echo"].Tags["status"]);
        Assert.Equal((6 * 7, 0), Rate(summary, "checks"));
    }
}
