using Rampa.Core.Scenarios;
using Rampa.Core.Workloads.Http;

namespace Rampa.Core.Protocols.Ws;

/// <summary>
/// A WebSocket session as a flow step: connect (URL, headers, subprotocols), run the actions in order, close. Templates
/// are parsed at load; a runner per VU renders them per iteration.
/// </summary>
public sealed record WsStep : ProtocolStep
{
    /// <summary>The absolute <c>ws://</c> or <c>wss://</c> URL (a relative one was resolved against the base URL at load).</summary>
    public required Template Url { get; init; }
    public IReadOnlyList<HeaderSpec> Headers { get; init; } = [];
    public IReadOnlyList<string> Subprotocols { get; init; } = [];
    /// <summary>The connect's limit and the default of every wait (receive, expect, ping, close).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Ends the iteration when a check fails or the session fails.</summary>
    public bool AbortIterationOnFail { get; init; }
    public required IReadOnlyList<WsAction> Actions { get; init; }

    public override IStepRunner CreateRunner(StepRunnerContext context) => new WsStepRunner(this, context);
}

/// <summary>One action of a session, with its place in the file.</summary>
public abstract record WsAction(SourceLocation Location);

/// <summary>Sends a text message (a template; <c>json:</c> is written as text) or a binary one (decoded from base64 at load).</summary>
public sealed record WsSend(SourceLocation Location, Template? Text, byte[]? Binary) : WsAction(Location);

/// <summary>
/// <c>receive</c>: the next message, which must pass the checks. <c>expect</c> (<see cref="Expect"/>): the first message
/// that passes them all, skipping the others. Either fails the session when none comes within the timeout.
/// </summary>
public sealed record WsReceive(SourceLocation Location, TimeSpan Timeout, IReadOnlyList<CheckSpec> Checks, bool Expect) : WsAction(Location);

/// <summary>Sends a ping and waits for its pong (<c>ws_ping</c>).</summary>
public sealed record WsPing(SourceLocation Location, TimeSpan Timeout) : WsAction(Location);

/// <summary>Pauses the session (messages keep arriving and are counted).</summary>
public sealed record WsSleep(SourceLocation Location, TimeSpan Pause) : WsAction(Location);

/// <summary>Runs its actions <see cref="Count"/> times.</summary>
public sealed record WsLoop(SourceLocation Location, int Count, IReadOnlyList<WsAction> Actions) : WsAction(Location);

/// <summary>Closes the session (the close handshake, waiting up to the timeout for the server's close).</summary>
public sealed record WsClose(SourceLocation Location, TimeSpan Timeout, int Code, string Reason) : WsAction(Location);
