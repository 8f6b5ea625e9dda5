using Rampa.Core.Live;
using Rampa.Orleans.Contracts;

namespace Rampa.Cli.Live;

/// <summary>
/// Something that shows or sends a run while it happens: the terminal's progress, <c>--out json=FILE</c>, the
/// telemetry exporters. The drivers (embedded and remote alike) call every output the same way, once per status poll
/// (about a second), with the frames that are new since the last call; an output never touches the recording path.
/// An output must not block: a slow or dead destination is its own problem, never the run's.
/// </summary>
public interface ILiveOutput : IAsyncDisposable
{
    /// <summary>Once, before the run is submitted.</summary>
    void Begin(LiveRunInfo run);

    /// <summary>Each poll: the run's status and the frames (oldest first) not handed over before; often none.</summary>
    void Update(RunStatus status, IReadOnlyList<LiveFrame> frames, DateTimeOffset now);

    /// <summary>Once, when the run is finished and its last frame was handed over.</summary>
    void End(RunStatus status);
}

/// <summary>What an output knows about a run before it starts.</summary>
public sealed record LiveRunInfo(string RunId, string Describe, IReadOnlyList<string> Scenarios);
