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
    }
}
