using System.Globalization;
using Rampa.Core.Reporting;

namespace Rampa.Core.Live;

/// <summary>
/// Watches the live frames' generator health and says, while the run goes, when a silo is saturated: the same bounds
/// as the end-of-run <see cref="SaturationJudge"/>, held for <see cref="SustainedSeconds"/> seconds in a row (a flush
/// starved once is enough). Each silo and rule warns once. The end verdict stays the judge's: this only tells the user
/// early that the numbers may be measuring Rampa rather than the target. Pure and not thread-safe.
/// </summary>
public sealed class SaturationWatch(SaturationBounds? bounds = null)
{
    /// <summary>Seconds in a row a per-second bound must hold before the watch warns.</summary>
    public const int SustainedSeconds = 3;

    private readonly SaturationBounds _b = bounds ?? SaturationBounds.Default;
    private readonly Dictionary<(string Silo, string Rule), int> _streaks = new();
    private readonly HashSet<(string Silo, string Rule)> _warned = new();

    /// <summary>The warnings this frame raises (none again for a silo and rule that already warned).</summary>
    public IReadOnlyList<string> Observe(LiveFrame frame)
    {
        List<string>? warnings = null;
        foreach (var g in frame.Generators)
        {
            Sustained(g.Silo, "cpu", g.Cpu >= _b.Cpu,
                () => $"CPU pinned: silo {g.Silo} has used {Pct(_b.Cpu)} or more of its machine for {SustainedSeconds} s", ref warnings);
            Sustained(g.Silo, "threadpool", g.ThreadPoolQueue >= _b.ThreadPoolQueue,
                () => $"thread pool backed up: silo {g.Silo} has had {Num(_b.ThreadPoolQueue)} or more queued work items for {SustainedSeconds} s", ref warnings);
            Sustained(g.Silo, "gc", g.GcPauseMs >= _b.GcPauseMsPerSecond,
                () => $"GC pauses: silo {g.Silo} has paused {Num(_b.GcPauseMsPerSecond)} ms or more per second for {SustainedSeconds} s", ref warnings);
            if (g.FlushInterval is { } flush && flush >= _b.FlushIntervalSeconds)
                Warn(g.Silo, "flush", $"flushes starved: silo {g.Silo} went {flush.ToString("0.0", CultureInfo.InvariantCulture)} s between its once-a-second metric flushes", ref warnings);
        }
        return warnings ?? (IReadOnlyList<string>)[];
    }

    private void Sustained(string silo, string rule, bool high, Func<string> describe, ref List<string>? warnings)
    {
        var key = (silo, rule);
        var streak = high ? _streaks.GetValueOrDefault(key) + 1 : 0;
        _streaks[key] = streak;
        if (streak >= SustainedSeconds) Warn(silo, rule, describe(), ref warnings);
    }

    private void Warn(string silo, string rule, string what, ref List<string>? warnings)
    {
        if (!_warned.Add((silo, rule))) return;
        (warnings ??= []).Add($"generator saturated: {what}; the results may measure Rampa rather than the target (the run may end inconclusive)");
    }

    private static string Pct(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Num(double v) => v.ToString("#,0.#", CultureInfo.InvariantCulture);
}
