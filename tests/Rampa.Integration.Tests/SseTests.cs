using System.Text.Json;

namespace Rampa.Integration.Tests;

/// <summary>
/// End to end: Server-Sent Events streams (the <c>sse</c> step in YAML, <c>worker.Sse</c> in C#) against the demo
/// target's <c>/sse</c>, whose counters say how many streams and events it served.
/// </summary>
[Collection("cli")]
public sealed class SseTests : TargetTest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>A metric's series by their <c>name</c> tag: (tags, values).</summary>
    private static Dictionary<string, (Dictionary<string, string> Tags, JsonElement Values)> ByName(JsonDocument summary, string metric) =>
        summary.Metric(metric).GetProperty("series").EnumerateArray().ToDictionary(
            s => s.GetProperty("tags").GetProperty("name").GetString()!,
            s => (s.GetProperty("tags").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!), s.GetProperty("values")));

    [Fact]
    public async Task Yaml_streams_and_events_count_exactly_what_the_server_sent_with_checks_captures_and_thresholds()
    {
        var file = Ws.Write("sse.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              llm:
                executor: shared-iterations
                vus: 3
                iterations: 12
                flow:
                  - group: chat
                    steps:
                      - sse: /sse?events=5&delayMs=5&done=true
                        name: tokens
                        until: { event: done }
                        timeout: 10s
                        checks:
                          - status: 200
                          - header: { Content-Type: { contains: text/event-stream } }
                          - body: { contains: '"token":"t5"' }
                  - sse: POST /sse?events=3
                    name: prompt
                    json: { prompt: "hello {{vu}}" }
                    events: 3
                    checks: { json: { $.n: 3 } }
                    capture: { n: { json: $.n } }
                  - request: GET /items/{{n}}
                    name: item
            thresholds:
              sse_stream_failed: ["rate==0"]
              sse_time_to_first_event: ["p(95)<10000"]
              "sse_events{name:tokens}": ["count==72"]
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, Timeout, null, "run", file, "--no-color");
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();

        // What the server served, exactly: 12 streams of 5 events and a "done", 12 of 3 events.
        Assert.Equal(24, Target.Sse.Streams);
        Assert.Equal(12 * 6 + 12 * 3, Target.Sse.Events);
        Assert.Equal(24, summary.Count("sse_streams"));
        Assert.Equal(Target.Sse.Events, summary.Count("sse_events"));
        var events = ByName(summary, "sse_events");
        Assert.Equal(72, events["tokens"].Values.GetProperty("count").GetDouble());
        Assert.Equal("::chat", events["tokens"].Tags["group"]);
        Assert.Equal(36, events["prompt"].Values.GetProperty("count").GetDouble());
        Assert.False(events["prompt"].Tags.ContainsKey("group"));

        // One first event and one stream length per stream; the other events each have an interval.
        Assert.Equal(24, summary.Metric("sse_time_to_first_event").GetProperty("values").GetProperty("count").GetDouble());
        Assert.Equal(24, summary.Metric("sse_events_per_stream").GetProperty("values").GetProperty("count").GetDouble());
        Assert.Equal(24, summary.Metric("sse_stream_duration").GetProperty("values").GetProperty("count").GetDouble());
        Assert.Equal(12 * 5 + 12 * 2, summary.Metric("sse_event_interval").GetProperty("values").GetProperty("count").GetDouble());
        var perStream = ByName(summary, "sse_events_per_stream");
        Assert.Equal(6, perStream["tokens"].Values.GetProperty("max").GetDouble());
        Assert.Equal(6, perStream["tokens"].Values.GetProperty("min").GetDouble());
        Assert.Equal(3, perStream["prompt"].Values.GetProperty("avg").GetDouble());
        // The 5 events come 5 ms apart: the stream lasts at least 25 ms (shown in ms).
        Assert.True(ByName(summary, "sse_stream_duration")["tokens"].Values.GetProperty("min").GetDouble() >= 24);

        var failed = summary.Metric("sse_stream_failed").GetProperty("values");
        Assert.Equal(0, failed.GetProperty("passes").GetDouble());
        Assert.Equal(24, failed.GetProperty("fails").GetDouble());
        var checks = summary.Metric("checks").GetProperty("values");
        Assert.Equal(12 * 3 + 12 * 2, checks.GetProperty("passes").GetDouble());
        Assert.Equal(0, checks.GetProperty("fails").GetDouble());
        // The value captured from the last event of the POST stream reached the next request.
        Assert.Equal(12, Target.CountFor("/items/3"));
        Assert.True(summary.Metric("data_received").GetProperty("values").GetProperty("count").GetDouble() > 0);

        // The summary groups the metrics under SSE; the report has a Server-Sent Events section by step name.
        Assert.Matches(@"\n\s*SSE\s*\n\s*sse_event_interval\.+", run.Stdout);
        var report = File.ReadAllText(Path.Combine(Directory.GetDirectories(Path.Combine(Ws.Dir, "rampa-results"))[0], "report.html"));
        Assert.Contains("id=\"protocol-sse\"", report);
        Assert.Contains("data-protocol-metric=\"sse_time_to_first_event\" data-name=\"tokens\"", report);
    }

    [Fact]
    public async Task A_stalled_stream_a_stream_closed_early_and_an_http_error_are_counted_as_failed_not_a_crash()
    {
        var file = Ws.Write("misbehaving.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              llm:
                executor: shared-iterations
                vus: 2
                iterations: 4
                flow:
                  - sse: /sse?events=5&stallAfter=2
                    name: stall
                    events: 5
                    timeout: 2s
                  - sse: /sse?events=2
                    name: short
                    until: { event: done }
                  - sse: /status/503
                    name: down
                  - request: GET /json
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, Timeout, null, "run", file, "--quiet");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.DoesNotContain("Exception", run.Output);
        using var summary = Ws.Summary();
        Assert.Equal(4, summary.Count("iterations"));
        Assert.Equal(4, summary.Count("http_reqs"));

        // The server served 2 events on each stalled stream and on each short one, and the client counted them.
        Assert.Equal(8, Target.Sse.Streams);
        Assert.Equal(16, Target.Sse.Events);
        Assert.Equal(16, summary.Count("sse_events"));
        Assert.Equal(4, Target.Sse.Completed); // the short ones; the stalled ones were left by the client
        Assert.Equal(12, summary.Count("sse_streams"));
        var down = summary.Metric("sse_streams").GetProperty("series").EnumerateArray()
            .Single(s => s.GetProperty("tags").GetProperty("name").GetString() == "down");
        Assert.Equal("503", down.GetProperty("tags").GetProperty("status").GetString());

        // Every stream failed, each series with its first failure's message.
        var failed = ByName(summary, "sse_stream_failed");
        foreach (var name in new[] { "stall", "short", "down" })
        {
            Assert.Equal(4, failed[name].Values.GetProperty("passes").GetDouble());
            Assert.Equal(0, failed[name].Values.GetProperty("fails").GetDouble());
        }
        var messages = summary.Metric("sse_stream_failed").GetProperty("series").EnumerateArray()
            .ToDictionary(s => s.GetProperty("tags").GetProperty("name").GetString()!, s => s.GetProperty("message").GetString()!);
        Assert.Contains("timed out after 2s after 2 events, before 5 events", messages["stall"]);
        Assert.Contains("closed by the server after 2 events, before event type done", messages["short"]);
        Assert.Contains("status 503", messages["down"]);
        // A stalled stream ends at its timeout: it lasts 2 s, not the server's 60 s.
        var stall = ByName(summary, "sse_stream_duration")["stall"].Values;
        Assert.True(stall.GetProperty("min").GetDouble() >= 1990 && stall.GetProperty("max").GetDouble() < 10_000, stall.ToString());
    }

    [Fact]
    public async Task Bad_sse_steps_exit_104_naming_file_line_and_column()
    {
        var file = Ws.Write("bad.yaml", """
            baseUrl: http://127.0.0.1:1
            scenarios:
              a:
                executor: shared-iterations
                flow:
                  - sse: PUT /sse
                  - sse: /sse
                    events: many
                    until: { kind: done }
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, Timeout, null, "run", file);
        Assert.True(run.ExitCode == 104, $"exit {run.ExitCode}: {run.Output}");
        Assert.DoesNotContain("   at ", run.Output);
        Assert.Contains("bad.yaml:6:14: scenarios.a.flow[0].sse: an sse stream is opened with GET or POST, got 'PUT'", run.Stderr);
        Assert.Contains("bad.yaml:8:17: scenarios.a.flow[1].events: expected an integer, got 'many'", run.Stderr);
        Assert.Contains("bad.yaml:9:18: scenarios.a.flow[1].until.kind: unknown condition 'kind'", run.Stderr);
        Assert.False(Directory.Exists(Path.Combine(Ws.Dir, "rampa-results")), "nothing may start on bad input");
    }

    [Fact]
    public async Task Csharp_streams_record_what_yaml_records_and_a_stall_is_a_failed_stream_not_an_exception()
    {
        var project = CodeProject.Write(Ws, "Streams", """
            [assembly: Threshold("sse_streams{name:tokens}", "count==10")]

            public static class Streams
            {
                [Scenario(Executor = "shared-iterations", Vus = 2, Iterations = 10)]
                public static async Task Chat(Worker worker)
                {
                    await worker.Group("chat", async () =>
                    {
                        await using var stream = await worker.Sse.PostAsync("/sse?events=4&done=true", new { prompt = "hi" }, name: "tokens");
                        var tokens = 0;
                        await foreach (var e in stream.ReadAllAsync())
                        {
                            if (e.Type == "done") break;
                            tokens++;
                        }
                        worker.Check(tokens, "four tokens", n => n == 4);
                    });
                    await using var stall = await worker.Sse.OpenAsync("/sse?events=5&stallAfter=1", name: "stall", timeout: TimeSpan.FromSeconds(1));
                    var seen = 0;
                    while (await stall.ReadAsync() is not null) seen++;
                    worker.Check(stall, "stall timed out", s => s.Error != null && s.Error.Contains("timed out") && seen == 1);
                    await using var early = await worker.Sse.OpenAsync("/sse?events=2", name: "early");
                    while (await early.ReadAsync() is not null) { }
                    if (early.EventCount < 3) early.Fail("closed before 3 events");
                }
            }
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, Timeout, null,
            ["run", project, "--base-url", Target.BaseUrl.ToString(), "-q", "--no-color"]);
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();
        Assert.Equal(10, summary.Count("iterations"));
        Assert.Equal(30, Target.Sse.Streams);
        Assert.Equal(10 * 5 + 10 * 1 + 10 * 2, Target.Sse.Events);
        Assert.Equal(Target.Sse.Events, summary.Count("sse_events"));
        Assert.Equal(30, summary.Count("sse_streams"));
        var events = ByName(summary, "sse_events");
        Assert.Equal(50, events["tokens"].Values.GetProperty("count").GetDouble());
        Assert.Equal("::chat", events["tokens"].Tags["group"]);
        var failed = ByName(summary, "sse_stream_failed");
        Assert.Equal(0, failed["tokens"].Values.GetProperty("passes").GetDouble());
        Assert.Equal(10, failed["stall"].Values.GetProperty("passes").GetDouble());
        Assert.Equal(10, failed["early"].Values.GetProperty("passes").GetDouble());
        Assert.Equal(30, summary.Metric("sse_time_to_first_event").GetProperty("values").GetProperty("count").GetDouble());
        Assert.Equal(0, summary.Metric("checks").GetProperty("values").GetProperty("fails").GetDouble());
        Assert.Equal(20, summary.Metric("checks").GetProperty("values").GetProperty("passes").GetDouble());
        Assert.Equal(0, summary.Count("iteration_errors"));
    }
}
