using Rampa.Core.Scenarios;
using Rampa.Core.Workloads.Http;

namespace Rampa.Core.Protocols.Sse;

/// <summary>
/// An <c>sse</c> flow step: open a stream (GET, or POST with a body as LLM APIs do), read its events until
/// <see cref="Until"/> or <see cref="Events"/> events (whichever comes first; with neither, until the server ends it),
/// within <see cref="Timeout"/>; then run the checks and captures on what came.
/// </summary>
internal sealed record SseStep : ProtocolStep
{
    public required string Method { get; init; }
    public required Template Url { get; init; }
    public IReadOnlyList<HeaderSpec> Headers { get; init; } = [];
    public Template? Body { get; init; }
    public string? ContentType { get; init; }
    /// <summary>Stop after this many events (the stream succeeded); null for no count.</summary>
    public int? Events { get; init; }
    /// <summary>Stop at the event that meets this (the stream succeeded); null for none.</summary>
    public SseUntil? Until { get; init; }
    /// <summary>Bounds the whole stream, from the request's start; reaching it before the end fails the stream.</summary>
    public required TimeSpan Timeout { get; init; }
    /// <summary>
    /// Checks on the stream once it ended: <c>status</c> and <c>header</c> on the response, <c>body</c> on the data of
    /// every event joined with newlines, <c>json</c> on the last event's data.
    /// </summary>
    public IReadOnlyList<CheckSpec> Checks { get; init; } = [];
    /// <summary>Captures: <c>json</c> from the last event's data, <c>regex</c> from every event's data, <c>header</c> from the response.</summary>
    public IReadOnlyList<CaptureSpec> Captures { get; init; } = [];
    public bool AbortIterationOnFail { get; init; }

    /// <summary>Whether the events' data must be kept for checks and captures.</summary>
    public bool KeepsData => Checks.Any(c => c is not StatusCheck and not HeaderCheck) || Captures.Any(c => c.Source != CaptureSource.Header);

    public override IStepRunner CreateRunner(StepRunnerContext context) => new SseStepRunner(this, context);
}
