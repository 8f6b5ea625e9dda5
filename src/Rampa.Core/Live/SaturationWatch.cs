using System.Globalization;
using Rampa.Core.Reporting;

namespace Rampa.Core.Live;

/// <summary>
/// Watches the live frames' generator health and says, while the run goes, when a silo is saturated: the end-of-run
/// <see cref="SaturationJudge"/>'s bounds and its "persistent" (the bound held in at least half of the seconds), applied
/// to the seconds seen so far, with at least <see cref="SustainedSeconds"/> of them (a flush starved once is enough);
/// a scenario whose iterations start late (<c>iteration_start_lag</c> p(99) past its bound, in seconds with at least
/// <see cref="MinStartsPerSecond"/> starts) in the same way; and a silo whose samples stop arriving (see
/// <see cref="Missing"/>). Each silo or scenario and rule warns once. The end verdict stays the judge's (it also sees
/// samples that came too late for a frame): this tells the user early that the numbers may be measuring Rampa rather
/// than the target. Pure and not thread-safe.
/// </summary>
public sealed class SaturationWatch(SaturationBounds? bounds = null)
{
    /// <summary>
    /// The fewest seconds a per-second bound must have held before the watch warns (in a row, for samples that stop
    /// arriving); the end judge asks for 2, the watch for one more, so a slow first second or two does not warn.
    /// </summary>
    public const int SustainedSeconds = 3;

    /// <summary>The fewest starts (iterations and dropped) in a second for its start lag to count.</summary>
    public const int MinStartsPerSecond = 10;

    private readonly SaturationBounds _b = bounds ?? SaturationBounds.Default;
    private readonly Dictionary<(string Silo, string Rule), int> _streaks = new();
    private readonly Dictionary<(string Silo, string Rule), (int Seen, int Hits)> _persistence = new();

    private string Hits(string who, string rule) => _persistence.GetValueOrDefault((who, rule)) is var (seen, hits) ? $"{hits} of {seen} seconds" : "";
    private readonly HashSet<(string Silo, string Rule)> _warned = new();
    private readonly SortedSet<string> _seen = new(StringComparer.Ordinal);
    private const string AnySilo = "";

    /// <summary>The warnings this frame raises (none again for a silo and rule that already warned).</summary>
    public IReadOnlyList<string> Observe(LiveFrame frame)
    {
        List<string>? warnings = null;
        Missing(frame, ref warnings);
        foreach (var g in frame.Generators)
        {
            Persistent(g.Silo, "cpu", g.Cpu, v => v >= _b.Cpu,
                () => $"CPU pinned: silo {g.Silo} has used {Pct(_b.Cpu)} or more of its machine in {Hits(g.Silo, "cpu")}", ref warnings);
            Persistent(g.Silo, "threadpool", g.ThreadPoolQueue, v => v >= _b.ThreadPoolQueue,
                () => $"thread pool backed up: silo {g.Silo} has had {Num(_b.ThreadPoolQueue)} or more queued work items in {Hits(g.Silo, "threadpool")}", ref warnings);
            Persistent(g.Silo, "gc", g.GcPauseMs, v => v >= _b.GcPauseMsPerSecond,
                () => $"GC pauses: silo {g.Silo} has paused {Num(_b.GcPauseMsPerSecond)} ms or more per second in {Hits(g.Silo, "gc")}", ref warnings);
            if (g.FlushInterval is { } flush && flush >= _b.FlushIntervalSeconds)
                Warn(g.Silo, "flush", $"flushes starved: silo {g.Silo} went {flush.ToString("0.0", CultureInfo.InvariantCulture)} s between its once-a-second metric flushes", ref warnings);
        }
        foreach (var sc in frame.Scenarios)
        {
            // A few late starts in a quiet second are noise; the end judge also wants enough starts.
            double? lag = sc.StartLag is { } l && sc.Interval.Iterations + sc.Interval.Dropped >= MinStartsPerSecond ? l.P99 : null;
            Persistent(sc.Scenario, "startlag", lag, v => v > _b.StartLagP99Ms,
                () => $"late starts: scenario {sc.Scenario}'s iterations have started more than {Num(_b.StartLagP99Ms)} ms late (iteration_start_lag p(99)) in {Hits(sc.Scenario, "startlag")}", ref warnings);
        }
        return warnings ?? (IReadOnlyList<string>)[];
    }

    /// <summary>
    /// A silo's samples that do not arrive are the plainest sign of a starved generator: its once-a-second flush had no
    /// thread to run on. A silo seen before and missing from <see cref="SustainedSeconds"/> frames in a row, or no silo
    /// at all in the run's first frames, warns. The final frame is not judged (silos stop flushing when they finish).
    /// </summary>
    private void Missing(LiveFrame frame, ref List<string>? warnings)
    {
        if (frame.Final) return;
        foreach (var g in frame.Generators) _seen.Add(g.Silo);
        if (_seen.Count == 0)
        {
            Sustained(AnySilo, "missing", true,
                () => $"flushes late: no silo's once-a-second sample has arrived for {SustainedSeconds} s: the generator's threads are too busy to report", ref warnings);
            return;
        }
        Sustained(AnySilo, "missing", false, () => "", ref warnings);
        foreach (var silo in _seen)
            Sustained(silo, "missing", !frame.Generators.Any(g => g.Silo == silo),
                () => $"flushes late: silo {silo}'s once-a-second samples have not arrived for {SustainedSeconds} s: its threads are too busy to report", ref warnings);
    }

    /// <summary>
    /// The end judge's "persistent" over the seconds seen so far: the bound held in at least <see cref="SustainedSeconds"/>
    /// of them and in at least the judge's share of them. A gauge that was not sampled in a second is not a second seen.
    /// </summary>
    private void Persistent(string silo, string rule, double? value, Func<double, bool> high, Func<string> describe, ref List<string>? warnings)
    {
        if (value is not { } v) return;
        var key = (silo, rule);
        var (seen, hits) = _persistence.GetValueOrDefault(key);
        seen++;
        if (high(v)) hits++;
        _persistence[key] = (seen, hits);
        if (hits >= SustainedSeconds && hits >= _b.PersistentShare * seen) Warn(silo, rule, describe(), ref warnings);
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
