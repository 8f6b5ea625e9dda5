using Rampa.Core.Live;
using Rampa.Orleans.Contracts;

namespace Rampa.Cli.Live;

/// <summary>
/// Picks the new frames out of each status: a status carries the newest few (RunStatus.Frames), so consecutive polls
/// overlap; a frame counts once, by its second. A frame that cannot be read is skipped (a newer CLI than the cluster).
/// </summary>
public sealed class LiveFrameCursor
{
    private long _last = long.MinValue;

    public bool SawFinal { get; private set; }

    public IReadOnlyList<LiveFrame> Take(RunStatus? status)
    {
        if (status is null || status.Frames.Count == 0) return [];
        var fresh = new List<LiveFrame>();
        foreach (var line in status.Frames)
        {
            LiveFrame frame;
            try { frame = LiveFrameJson.Read(line); }
            catch (System.Text.Json.JsonException) { continue; }
            if (frame.Second <= _last) continue;
            _last = frame.Second;
            SawFinal |= frame.Final;
            fresh.Add(frame);
        }
        return fresh;
    }
}
