using Rampa.Core.Protocols.Ws;
using Rampa.Core.Workloads.Http;
using static Rampa.Core.Tests.Support.ScenarioFiles;

namespace Rampa.Core.Tests.Protocols;

/// <summary>The <c>ws</c> step in YAML: its URL, options and actions, and its errors at file:line:col.</summary>
public class WsStepLoaderTests
{
    private static IReadOnlyList<FlowStep> Flow(string flow, string baseUrl = "http://h.test:5080") =>
        Assert.IsType<HttpWorkload>(Load($"baseUrl: {baseUrl}\nflow:\n" + flow).Scenarios[0].Workload).Flow;

    private static void AssertErrors(string flow, params (string Location, string Key, string Message)[] expected)
    {
        var errors = Errors("baseUrl: http://h.test\nflow:\n" + flow);
        Assert.True(errors.Count == expected.Length, string.Join(Environment.NewLine, errors));
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Location, errors[i].Location.ToString());
            Assert.Equal(expected[i].Key, errors[i].Key);
            Assert.Contains(expected[i].Message, errors[i].Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_session_with_every_action()
    {
        var flow = Flow("""
              - ws: /chat?room={{vu}}
                headers: { X-Team: rt }
                subprotocols: [chat.v1, json]
                timeout: 3s
                tags: { team: rt }
                abortIterationOnFail: true
                actions:
                  - send: hello {{vu}}
                  - send: { json: { type: join, n: 1 } }
                  - send: { binary: aGVsbG8= }
                  - receive
                  - receive: { timeout: 1s, checks: { body: hello } }
                  - expect: { checks: { json: { $.type: joined } } }
                  - ping
                  - sleep: 10ms
                  - loop: 3
                    actions: [{ send: x }, receive]
                  - close: { code: 4000, reason: bye }
            """);
        var ws = Assert.IsType<WsStep>(Assert.Single(flow));
        Assert.Equal("/chat?room={{vu}}", ws.Name);
        Assert.Equal("ws://h.test:5080/chat?room={{vu}}", ws.Url.Text);
        Assert.Equal(["chat.v1", "json"], ws.Subprotocols);
        Assert.Equal(TimeSpan.FromSeconds(3), ws.Timeout);
        Assert.Equal("rt", ws.Tags["team"]);
        Assert.True(ws.AbortIterationOnFail);
        Assert.Equal("X-Team", Assert.Single(ws.Headers).Name);
        var a = ws.Actions;
        Assert.Equal(10, a.Count);
        Assert.Equal("hello {{vu}}", Assert.IsType<WsSend>(a[0]).Text!.Text);
        Assert.Equal("""{"type":"join","n":1}""", Assert.IsType<WsSend>(a[1]).Text!.Text);
        Assert.Equal("hello"u8.ToArray(), Assert.IsType<WsSend>(a[2]).Binary);
        Assert.Equal(TimeSpan.FromSeconds(3), Assert.IsType<WsReceive>(a[3]).Timeout); // the step's timeout
        var receive = Assert.IsType<WsReceive>(a[4]);
        Assert.Equal(TimeSpan.FromSeconds(1), receive.Timeout);
        Assert.IsType<BodyContainsCheck>(Assert.Single(receive.Checks));
        Assert.True(Assert.IsType<WsReceive>(a[5]).Expect);
        Assert.IsType<WsPing>(a[6]);
        Assert.Equal(TimeSpan.FromMilliseconds(10), Assert.IsType<WsSleep>(a[7]).Pause);
        var loop = Assert.IsType<WsLoop>(a[8]);
        Assert.Equal(3, loop.Count);
        Assert.Equal(2, loop.Actions.Count);
        var close = Assert.IsType<WsClose>(a[9]);
        Assert.Equal((4000, "bye"), (close.Code, close.Reason));
        Assert.Equal("test.yaml:10:9", a[0].Location.ToString());
    }

    [Fact]
    public void Https_base_urls_become_wss_and_absolute_urls_stay()
    {
        Assert.Equal("wss://h.test/ws", Assert.IsType<WsStep>(Assert.Single(Flow("  - ws: /ws\n", "https://h.test"))).Url.Text);
        Assert.Equal("ws://other:1/x", Assert.IsType<WsStep>(Assert.Single(Flow("  - ws: ws://other:1/x\n"))).Url.Text);
        Assert.Empty(Assert.IsType<WsStep>(Assert.Single(Flow("  - ws: ws://other:1/x\n"))).Actions);
    }

    [Fact]
    public void A_ws_step_with_no_url()
    {
        AssertErrors("""
              - ws:
                actions: [ping]
            """,
            ("test.yaml:3:8", "flow[0].ws", "expected a WebSocket URL"));
    }

    [Fact]
    public void Unknown_actions_and_keys()
    {
        AssertErrors("""
              - ws: /ws
                subprotocol: chat
                actions:
                  - shout: hi
                  - pong
                  - { send: a, receive: {} }
                  - send: { text: a, timeout: 1s }
            """,
            ("test.yaml:4:5", "flow[0].subprotocol", "unknown key 'subprotocol' in a ws step; did you mean 'subprotocols'?"),
            ("test.yaml:6:9", "flow[0].actions[0].shout", "unknown action 'shout'"),
            ("test.yaml:7:9", "flow[0].actions[1]", "did you mean 'ping'?"),
            ("test.yaml:8:20", "flow[0].actions[2].receive", "an action item holds one action"),
            ("test.yaml:9:26", "flow[0].actions[3].send.timeout", "unknown message kind 'timeout'"));
    }

    [Fact]
    public void Bad_values_of_actions()
    {
        AssertErrors("""
              - ws: http://h.test/ws
                actions:
                  - send: { binary: "not base64!" }
                  - receive: { checks: { status: 200 } }
                  - expect: { timeout: 0s }
                  - loop: 0
                    actions: [ping]
                  - loop: 2
                  - close: { code: 1001 }
                  - ping
            """,
            ("test.yaml:5:25", "flow[0].actions[0].send.binary", "is not base64"),
            ("test.yaml:6:28", "flow[0].actions[1].receive.checks", "a message has no status or headers"),
            ("test.yaml:7:9", "flow[0].actions[2].expect", "give it checks"),
            ("test.yaml:7:28", "flow[0].actions[2].expect.timeout", "must be greater than 0"),
            ("test.yaml:8:15", "flow[0].actions[3].loop", "a loop's count is from 1"),
            ("test.yaml:10:9", "flow[0].actions[4].loop", "a loop needs 'actions:'"),
            ("test.yaml:11:24", "flow[0].actions[5].close.code", "a client closes with 1000"),
            ("test.yaml:12:9", "flow[0].actions[6]", "no action can follow 'close'"));
    }

    [Fact]
    public void Bad_urls_and_a_close_inside_a_loop()
    {
        AssertErrors("""
              - ws: ftp://h.test/x
              - ws: /x
                subprotocols: ["a b"]
                actions:
                  - loop: 2
                    actions: [close]
            """,
            ("test.yaml:3:9", "flow[0].ws", "the scheme 'ftp' is not a WebSocket's"),
            ("test.yaml:5:20", "flow[1].subprotocols[0]", "not a valid subprotocol name"),
            ("test.yaml:8:19", "flow[1].actions[0].actions[0]", "'close' ends the session"));
    }
}
