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
    private long _sequence;

    public MetricFlusher(LocalRun run, IGrainFactory grains, string silo, TimeProvider? time = null)
    {
        _run = run;
        _grains = grains;
        _silo = silo;
        _time = time ?? TimeProvider.System;
    }

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
            _run.Services.CollectTraffic();
            var snapshot = _run.Sink.TakeSnapshot();
            var second = _time.GetUtcNow().ToUnixTimeSeconds();
            if (!snapshot.IsEmpty)
            {
                var seq = ++_sequence;
                foreach (var shard in snapshot.Series.GroupBy(s => HistogramGrain.ShardOf(s.Key.Metric.Name)))
                {
                    var part = new MetricSnapshot { IntervalUnixSecond = second };
                    foreach (var (k, v) in shard) part.Set(k, v);
                    _pending.Add(new Pending(shard.Key, seq, MetricSnapshotCodec.Encode(part)));
                }
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
