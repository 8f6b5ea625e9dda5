using System.Globalization;
using Rampa.Core.Metrics;

namespace Rampa.Core.Reporting;

/// <summary>
/// Decides from a run's merged metrics whether the load generator was saturated (docs/semantics.md#generator-saturation).
/// Each rule has a documented bound; any rule that fires makes the run saturated and adds one line of evidence:
/// <list type="bullet">
/// <item>CPU pinned: a silo's <c>rampa_generator_cpu</c> at or above <see cref="SaturationBounds.Cpu"/> of its machine
/// in at least <see cref="SaturationBounds.PersistentShare"/> of its sampled seconds (and at least
/// <see cref="SaturationBounds.MinSeconds"/> of them).</item>
/// <item>Late starts: <c>iteration_start_lag</c> p(99) above <see cref="SaturationBounds.StartLagP99Ms"/>, over at least
/// <see cref="SaturationBounds.MinStarts"/> starts (arrival-rate executors record it).</item>
/// <item>Flushes starved: a silo's <c>rampa_generator_flush_interval</c> (seconds between its once-a-second samples)
/// reached <see cref="SaturationBounds.FlushIntervalSeconds"/>: its threads were too busy to run the flush on time.</item>
/// <item>Thread pool backed up: a silo's <c>rampa_generator_threadpool_queue</c> at or above
/// <see cref="SaturationBounds.ThreadPoolQueue"/> persistently (same share as CPU).</item>
/// <item>GC: a silo's <c>rampa_generator_gc_pause</c> at or above <see cref="SaturationBounds.GcPauseMsPerSecond"/>
/// persistently.</item>
/// <item>Dropped while the target was fast: an arrival-rate scenario dropped at least
/// <see cref="SaturationBounds.DroppedShare"/> of its starts while its <c>http_req_duration</c> p(95) was at most
/// <see cref="SaturationBounds.FastTargetP95Ms"/> and its <c>maxVUs</c> were at least twice what that speed needed
/// (Little's law: starts per second x mean iteration time). With enough VUs and a fast target, only the generator can
/// have failed to start them; too few VUs is a configuration limit, not a saturated generator, and is not judged.</item>
/// </list>
/// </summary>
public static class SaturationJudge
{
    public static SaturationVerdict Judge(MetricSnapshot metrics, MetricTimeSeries seconds, IReadOnlyList<ScenarioSummary> scenarios,
        SaturationBounds? bounds = null)
    {
        var b = bounds ?? SaturationBounds.Default;
        var evidence = new List<string>();
        Persistent(seconds, BuiltinMetrics.GeneratorCpu.Name, b.Cpu, b, evidence,
            (silo, high, n, peak) => $"CPU pinned: silo {silo} used {Pct(b.Cpu)} or more of its machine in {high} of {n} seconds (peak {Pct(peak)})");
        Persistent(seconds, BuiltinMetrics.GeneratorThreadPoolQueue.Name, b.ThreadPoolQueue, b, evidence,
            (silo, high, n, peak) => $"thread pool backed up: silo {silo} had {Num(b.ThreadPoolQueue)} or more queued work items in {high} of {n} seconds (peak {Num(peak)})");
        Persistent(seconds, BuiltinMetrics.GeneratorGcPause.Name, b.GcPauseMsPerSecond, b, evidence,
            (silo, high, n, peak) => $"GC pauses: silo {silo} paused {Num(b.GcPauseMsPerSecond)} ms or more per second in {high} of {n} seconds (peak {Num(peak)} ms)");

        foreach (var (key, points) in seconds.Series.Where(s => s.Key.Metric.Name == BuiltinMetrics.GeneratorFlushInterval.Name)
                     .OrderBy(s => s.Key.Tag("silo"), StringComparer.Ordinal))
        {
            var longest = points.Count == 0 ? 0 : points.Max(p => p.Value);
            if (longest >= b.FlushIntervalSeconds)
                evidence.Add($"flushes starved: silo {key.Tag("silo") ?? "?"} went {longest.ToString("0.0", CultureInfo.InvariantCulture)} s between its " +
                             "once-a-second metric flushes: the silo had no thread free for them");
        }

        if (metrics.Total(BuiltinMetrics.IterationStartLag.Name) is { Count: var starts } lag && starts >= b.MinStarts)
        {
            var p99 = lag.Percentile(99) / 1000.0;
            if (p99 > b.StartLagP99Ms)
                evidence.Add($"late starts: iteration_start_lag p(99) was {MetricValues.FormatMs(p99)} (bound {MetricValues.FormatMs(b.StartLagP99Ms)}) " +
                             $"over {starts} starts: iterations began late because the generator could not start them on time");
        }

        foreach (var s in scenarios.Where(s => s.Executor.EndsWith("arrival-rate", StringComparison.Ordinal)))
            if (DroppedWhileFast(metrics, s, b) is { } line) evidence.Add(line);

        return evidence.Count == 0 ? SaturationVerdict.NotSaturated : new SaturationVerdict(true, evidence);
    }

    /// <summary>A per-silo gauge at or above <paramref name="bound"/> in enough of that silo's seconds.</summary>
    private static void Persistent(MetricTimeSeries seconds, string metric, double bound, SaturationBounds b, List<string> evidence,
        Func<string, int, int, double, string> describe)
    {
        foreach (var (key, points) in seconds.Series.Where(s => s.Key.Metric.Name == metric).OrderBy(s => s.Key.Tag("silo"), StringComparer.Ordinal))
        {
            var n = points.Count;
            var high = points.Count(p => p.Value >= bound);
            if (n == 0 || high < b.MinSeconds || high < b.PersistentShare * n) continue;
            evidence.Add(describe(key.Tag("silo") ?? "?", high, n, points.Max(p => p.Value)));
        }
    }

    private static string? DroppedWhileFast(MetricSnapshot metrics, ScenarioSummary s, SaturationBounds b)
    {
        var only = new Dictionary<string, string> { ["scenario"] = s.Name };
        var dropped = (long)(metrics.Total(BuiltinMetrics.DroppedIterations.Name, only)?.Sum ?? 0);
        if (dropped < b.MinDropped) return null;
        var started = (long)(metrics.Total(BuiltinMetrics.Iterations.Name, only)?.Sum ?? 0) + s.Interrupted;
        var scheduled = dropped + started;
        if (dropped < b.DroppedShare * scheduled) return null;
        // Without HTTP samples nothing says how fast the target was: no verdict from this rule.
        if (metrics.Total(BuiltinMetrics.HttpReqDuration.Name, only) is not { Count: > 0 } http) return null;
        var p95 = http.Percentile(95) / 1000.0;
        if (p95 > b.FastTargetP95Ms) return null;
        var iterationMs = metrics.Total(BuiltinMetrics.IterationDuration.Name, only) is { Count: > 0 } d ? d.Mean / 1000.0 : p95;
        var seconds = Math.Max(1e-3, s.RegularDuration.TotalSeconds);
        var needed = scheduled / seconds * iterationMs / 1000.0;
        if (s.MaxVus < 2 * needed) return null;
        return $"dropped while the target was fast: scenario {s.Name} dropped {dropped} of {scheduled} starts ({Pct((double)dropped / scheduled)}) " +
               $"while http_req_duration p(95) was {MetricValues.FormatMs(p95)} and its {s.MaxVus} maxVUs were more than twice the " +
               $"{Num(Math.Ceiling(needed))} that speed needed";
    }

    private static string Pct(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Num(double v) => v.ToString("#,0.#", CultureInfo.InvariantCulture);
}

/// <summary>The bounds of <see cref="SaturationJudge"/>'s rules (docs/semantics.md#generator-saturation).</summary>
public sealed record SaturationBounds
{
    public static readonly SaturationBounds Default = new();

    /// <summary>CPU share of the machine (0..1) that counts as pinned.</summary>
    public double Cpu { get; init; } = 0.90;
    /// <summary>Queued thread-pool work items that count as backed up.</summary>
    public double ThreadPoolQueue { get; init; } = 500;
    /// <summary>GC pause, ms per second, that counts as too much.</summary>
    public double GcPauseMsPerSecond { get; init; } = 100;
    /// <summary>The share of a silo's seconds a per-second bound must hold in to count as persistent.</summary>
    public double PersistentShare { get; init; } = 0.5;
    /// <summary>The fewest seconds a per-second bound must hold in.</summary>
    public int MinSeconds { get; init; } = 2;
    /// <summary>iteration_start_lag p(99) above which starts were late, in ms.</summary>
    public double StartLagP99Ms { get; init; } = 50;
    /// <summary>Seconds between two of a silo's once-a-second samples that count as a starved flush (a tick missed).</summary>
    public double FlushIntervalSeconds { get; init; } = 2;
    /// <summary>The fewest starts for the start-lag rule: a p(99) of fewer is one unlucky start.</summary>
    public long MinStarts { get; init; } = 100;
    /// <summary>The share of a scenario's starts dropped that counts.</summary>
    public double DroppedShare { get; init; } = 0.01;
    /// <summary>The fewest dropped starts that count.</summary>
    public long MinDropped { get; init; } = 10;
    /// <summary>http_req_duration p(95) at or below which the target counts as fast, in ms.</summary>
    public double FastTargetP95Ms { get; init; } = 100;
}
