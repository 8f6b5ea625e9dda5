using Microsoft.Extensions.Logging;
using Rampa.Core.Live;
using Rampa.Core.Metrics;

namespace Rampa.Orleans.Runtime;

/// <summary>
/// The orchestrator's live feed: once a second it reads the last seconds of the histogram grains' per-second series,
/// lets <see cref="LiveFrameBuilder"/> turn every second that should be complete into a <see cref="LiveFrame"/>, keeps
/// the newest few as JSON for <c>RunStatus.Frames</c> (the CLI and a remote run's status blob read them from there),
/// and hands each to the silo's <see cref="ILiveFrameObserver"/>s. Not thread-safe: the grain calls it from its turn.
/// </summary>
public sealed class LiveFeed(string runId, DateTimeOffset start, IReadOnlyList<string> scenarios,
    IEnumerable<ILiveFrameObserver> observers, ILogger log)
{
    /// <summary>How many recent frames the status carries: a client that polls every second misses none, even when a poll is late.</summary>
    public const int Recent = 10;
    /// <summary>A second's frame is built this long after it ends: the silos flush once a second, so by then its samples have arrived.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);

    private readonly LiveFrameBuilder _builder = new(runId, start, scenarios);
    private readonly Queue<string> _recent = new();
    private readonly ILiveFrameObserver[] _observers = observers.ToArray();
    private readonly SaturationWatch _saturation = new();
    private readonly List<string> _warnings = new();

    /// <summary>What the frames warned of so far (a saturated generator), in order; each once.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>The newest frames (JSON lines), oldest first.</summary>
    public List<string> RecentFrames => _recent.ToList();

    /// <summary>The second the next frame waits for, given now; false when no new second is ready.</summary>
    public bool Due(DateTimeOffset now, out long upTo)
    {
        upTo = (now - Settle).ToUnixTimeSeconds();
        return upTo > _builder.LastSecond;
    }

    /// <summary>The first second the window handed to <see cref="Advance"/> must start at.</summary>
    public long WindowStart => _builder.WindowStart;

    public void Advance(MetricTimeSeries window, long upTo, IReadOnlyDictionary<string, (long Active, long Max)> vus) =>
        Publish(_builder.Advance(window, upTo, vus));

    public void Finish(MetricSnapshot final, IReadOnlyDictionary<string, (long Active, long Max)> vus) =>
        Publish(_builder.Finish(final, vus));

    private void Publish(IReadOnlyList<LiveFrame> frames)
    {
        foreach (var frame in frames)
        {
            _recent.Enqueue(LiveFrameJson.Write(frame));
            foreach (var warning in _saturation.Observe(frame))
            {
                _warnings.Add(warning);
                log.LogWarning("run {RunId}: {Warning}", runId, warning);
            }
            while (_recent.Count > Recent) _recent.Dequeue();
            foreach (var observer in _observers)
            {
                try { observer.OnFrame(frame); }
                catch (Exception e) { log.LogWarning(e, "run {RunId}: a live frame observer failed", runId); }
            }
        }
    }
}
