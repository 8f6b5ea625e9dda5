using Rampa.Core.Metrics;
using Rampa.Orleans.Grains;

namespace Rampa.Orleans.Runtime;

/// <summary>
/// Sends a silo's interval snapshots to the run's histogram grains once a second. A snapshot stays pending until
/// its grain acknowledges it (retried next time otherwise); sequence numbers let the grain drop duplicates. Each snapshot
/// carries the UTC second at which it was taken (<see cref="MetricSnapshot.IntervalUnixSecond"/>): the second of the
/// run's per-second series it lands in.
/// </summary>
public sealed class MetricFlusher
{
    private readonly LocalRun _run;
    private readonly IGrainFactory _grains;
    private readonly string _silo;
    private readonly TimeProvider _time;
    private readonly List<Pending> _pending = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly GeneratorHealthSampler _health;
    private long _sequence;

    public MetricFlusher(LocalRun run, IGrainFactory grains, string silo, TimeProvider? time = null)
    {
        _run = run;
        _grains = grains;
        _silo = silo;
        _time = time ?? TimeProvider.System;
        // Tagged with the runner's id, not the bare silo: a silo running a taken-over segment beside its own has two
        // runners, and two samplers under one tag would add up as if they were two silos' worth of CPU.
        _health = new GeneratorHealthSampler(run.Sink, silo);
    }

    /// <summary>
    /// The run's common start: the generator's health is measured from here (the warm-up and the pre-start collection
    /// before it are not the run's). Without it, the first flush only takes the baseline.
    /// </summary>
    public void MarkStart() => _health.Restart();

    public int PendingCount => _pending.Count;

    /// <summary>
    /// Takes a snapshot and sends everything pending; failures stay pending for the next call.
    /// </summary>
    public async Task FlushAsync(bool final = false)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _run.SampleGauges(final);
            // The final flush may follow the last timer flush by a fraction of a second, too short an interval to read CPU
            // from: it samples only after half a second or more (or when nothing was sampled yet).
            _health.Sample(final && _health.HasSampled ? TimeSpan.FromMilliseconds(500) : TimeSpan.Zero);
            _run.Services.CollectTraffic();
            var snapshot = _run.Sink.TakeSnapshot();
            _run.Failures.Add(snapshot);
            var second = _time.GetUtcNow().ToUnixTimeSeconds();
            if (!snapshot.IsEmpty)
            {
                var seq = ++_sequence;
                var parts = new SortedDictionary<int, MetricSnapshot>();
                MetricSnapshot PartOf(SeriesKey key)
                {
                    var shard = HistogramGrain.ShardOf(key.Metric.Name);
                    if (!parts.TryGetValue(shard, out var part)) parts[shard] = part = new MetricSnapshot { IntervalUnixSecond = second };
                    return part;
                }
                foreach (var (k, v) in snapshot.Series) PartOf(k).Set(k, v);
                // A failure message travels with its series' shard (it is keyed by the series).
                foreach (var (k, m) in snapshot.Messages) PartOf(k).KeepFirstMessage(k, m);
                foreach (var (shard, part) in parts) _pending.Add(new Pending(shard, seq, MetricSnapshotCodec.Encode(part)));
            }
            foreach (var p in _pending.ToList())
            {
                try
                {
                    var grain = _grains.GetGrain<IHistogramGrain>(HistogramGrain.Key(_run.RunId, p.Shard));
                    if (await grain.Merge(_silo, p.Sequence, p.Bytes).ConfigureAwait(false)) _pending.Remove(p);
                }
                catch (Exception)
                {
                    // Kept pending: the next flush retries it, the grain deduplicates by (silo, sequence).
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The last flush of a run: retried until everything is acknowledged or the attempts run out.</summary>
    public async Task<bool> FinalFlushAsync(int attempts = 10)
    {
        for (var i = 0; i < attempts; i++)
        {
            await FlushAsync(final: true).ConfigureAwait(false);
            if (_pending.Count == 0) return true;
            await Task.Delay(TimeSpan.FromMilliseconds(200 * (i + 1))).ConfigureAwait(false);
        }
        return _pending.Count == 0;
    }

    private sealed record Pending(int Shard, long Sequence, byte[] Bytes);
}
