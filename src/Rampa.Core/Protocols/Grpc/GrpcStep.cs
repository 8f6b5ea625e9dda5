using Rampa.Core.Scenarios;
using Rampa.Core.Workloads.Http;

namespace Rampa.Core.Protocols.Grpc;

/// <summary>
/// One gRPC call of a flow: the method (unary or server-streaming), the server's address, the request message (a JSON
/// template rendered per call), metadata, deadline, expected statuses and checks on the status and the response.
/// </summary>
internal sealed record GrpcStep : ProtocolStep
{
    /// <summary>The server: <c>http://host:port</c> (HTTP/2 cleartext) or <c>https://</c>.</summary>
    public required Uri Address { get; init; }

    /// <summary><c>package.Service/Method</c>.</summary>
    public required string MethodName { get; init; }

    /// <summary>The method and the codec of its messages when read from a .proto; null with <see cref="Reflection"/> (found at run time).</summary>
    public ProtoMethod? Method { get; init; }
    public ProtoJsonCodec? Codec { get; init; }

    /// <summary>Ask the server's reflection service for the method's descriptors, on the first call.</summary>
    public bool Reflection { get; init; }

    /// <summary>The request message as JSON text, with its variables.</summary>
    public required Template Message { get; init; }

    public IReadOnlyList<HeaderSpec> Metadata { get; init; } = [];

    /// <summary>The call's deadline from its start.</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>The status codes that do not count as failed (grpc_req_failed); by default OK only.</summary>
    public IReadOnlySet<int> ExpectedStatuses { get; init; } = new HashSet<int> { 0 };

    /// <summary>Checks: status, message count, and json/body checks on the response (on a stream: its last message, or every one).</summary>
    public IReadOnlyList<CheckSpec> Checks { get; init; } = [];

    /// <summary>Captures from the response (a stream's last message) into VU variables.</summary>
    public IReadOnlyList<CaptureSpec> Captures { get; init; } = [];

    /// <summary>On a stream, json/body checks must hold on every message (else on the last).</summary>
    public bool CheckEveryMessage { get; init; }

    /// <summary>A stream stops being read after this many messages (the call is then cancelled), so every loop is bounded.</summary>
    public int MaxMessages { get; init; } = 10_000;

    public bool AbortIterationOnFail { get; init; }

    public override IStepRunner CreateRunner(StepRunnerContext context) => new GrpcStepRunner(this, context);
}

/// <summary>A check that the call ended with one of <paramref name="Codes"/>.</summary>
internal sealed record GrpcStatusCheck(string Name, IReadOnlySet<int> Codes) : CheckSpec(Name);

/// <summary>A check on the number of messages a server stream delivered.</summary>
internal sealed record GrpcMessageCountCheck(string Name, CompareOp Op, long Count) : CheckSpec(Name);
