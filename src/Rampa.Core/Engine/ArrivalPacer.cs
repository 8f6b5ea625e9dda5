using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Rampa.Core.Segments;
using Rampa.Core.Time;

namespace Rampa.Core.Engine;

/// <summary>A scheduled start handed to an idle VU: its index in the global schedule and its instant (monotonic ticks).</summary>
public readonly record struct ScheduledStart(long Index, long Due);

/// <summary>
/// The open model's clock for one scenario segment on one silo: walks the executor's global schedule, keeps only the
/// indices this segment owns (<see cref="ExecutionSegmentSequence.OwnerOf"/>), and at each scheduled instant hands the
/// start to an idle VU, or, when none is idle, counts one dropped iteration (never retried) and asks for one more VU in
/// the background (one at a time, while fewer than the segment's share of maxVUs exist) for later starts.
/// <para>
/// Timing: the pacer runs on its own thread (raised by <see cref="PacerThreadPriority"/>) and blocks in
/// <see cref="PreciseWait"/> until each start's absolute instant
/// (executor start + offset, on the monotonic clock). Offsets are absolute: when the pacer is late (a pause, a burst of
/// due starts), every start already due is handed out at once, so lateness never accumulates.
/// </para>
/// <para>
/// VUs: a VU is a loop that calls <see cref="VuReady"/> once initialised, then <see cref="NextAsync"/> whenever it is
/// idle. Idle VUs wait on one shared channel (each start goes to exactly one waiting VU); a counter of idle VUs tells the
/// pacer, without waiting, whether a start can be handed out. Handing a start out is a channel write: no grain call, no
/// lock, no allocation beyond the channel's own, and nothing that crosses silos.
/// </para>
/// </summary>
public sealed class ArrivalPacer
{
    private readonly IEnumerable<TimeSpan> _schedule;
    private readonly ExecutionSegmentSequence _segments;
    private readonly int _segment;
    private readonly int _growable;
    private readonly Action _growOne;
    private readonly Action _onDropped;
    private readonly Channel<ScheduledStart> _work = Channel.CreateUnbounded<ScheduledStart>(new UnboundedChannelOptions
    {
        SingleWriter = true,
        SingleReader = false,
        // A VU's iteration must never run on the pacer's thread: the write only queues the VU's continuation.
        AllowSynchronousContinuations = false,
    });
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _idle, _allocated, _growing, _grown;
    private long _scheduled, _handed, _dropped;

    /// <param name="schedule">The executor's global schedule (every silo's), as offsets from the executor's start.</param>
    /// <param name="segments">The run's segment sequence.</param>
    /// <param name="segment">This pacer's segment: it starts only the indices this segment owns.</param>
    /// <param name="growableVus">How many VUs may be added beyond the pre-allocated ones (this segment's share of maxVUs minus its share of preAllocatedVUs).</param>
    /// <param name="growOne">Starts one more VU in the background; called on the pacer's thread, so it must return at once. The VU calls <see cref="VuReady"/> with <c>grown: true</c> (or its starter calls <see cref="GrowthFailed"/>).</param>
    /// <param name="onDropped">Records one dropped iteration; called on the pacer's thread.</param>
    public ArrivalPacer(IEnumerable<TimeSpan> schedule, ExecutionSegmentSequence segments, int segment, int growableVus,
        Action growOne, Action onDropped)
    {
        _schedule = schedule;
        _segments = segments;
        _segment = segment;
        _growable = growableVus;
        _growOne = growOne;
        _onDropped = onDropped;
    }

    /// <summary>The most starts per second this pacer's share of the schedule reaches (chooses its thread's priority).</summary>
    public double PeakRate { get; init; }

    /// <summary>Starts scheduled before this offset are skipped: they were a dead silo's (<see cref="SegmentResume"/>).</summary>
    public TimeSpan ResumeAt { get; init; }

    /// <summary>VUs initialised so far (the <c>vus_max</c> of an arrival-rate executor).</summary>
    public int AllocatedVus => Volatile.Read(ref _allocated);
    /// <summary>VUs waiting for a start right now.</summary>
    public int IdleVus => Math.Max(0, Volatile.Read(ref _idle));
    /// <summary>VUs added beyond the pre-allocated ones (including one still initialising).</summary>
    public int GrownVus => Volatile.Read(ref _grown);
    /// <summary>Scheduled starts this pacer reached (its own indices only).</summary>
    public long Scheduled => Interlocked.Read(ref _scheduled);
    /// <summary>Starts handed to a VU.</summary>
    public long Handed => Interlocked.Read(ref _handed);
    /// <summary>Starts that found no idle VU.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);
    /// <summary>The priority <see cref="Start"/> got for the pacer's thread.</summary>
    public PacerThreadPriority.Outcome ThreadPriority { get; private set; }
    /// <summary>Set when the schedule itself failed (a bug): the pacer then stopped.</summary>
    public Exception? Error { get; private set; }
    /// <summary>Completes when the pacer has walked its whole schedule (or was stopped).</summary>
    public Task Completion => _completion.Task;

    /// <summary>Runs <see cref="Run"/> on a dedicated background thread.</summary>
    public Task Start(long executorStart, CancellationToken stop)
    {
        var thread = new Thread(() =>
        {
            // Its own thread, so it may run ahead of every other (PacerThreadPriority says why and how).
            ThreadPriority = PacerThreadPriority.RaiseCurrentThread(PeakRate <= PacerThreadPriority.RealtimeRateLimit);
            Run(executorStart, stop);
        }) { IsBackground = true, Name = "rampa-pacer" };
        thread.Start();
        return Completion;
    }

    /// <summary>The pacing loop; blocks the calling thread until the schedule is done or <paramref name="stop"/> is cancelled.</summary>
    public void Run(long executorStart, CancellationToken stop)
    {
        PreciseWait.PrepareThread();
        try
        {
            long index = -1;
            foreach (var offset in _schedule)
            {
                index++;
                if (_segments.OwnerOf(index) != _segment || offset < ResumeAt) continue;
                var due = executorStart + MonotonicClock.FromTimeSpan(offset);
                if (MonotonicClock.Now < due) PreciseWait.Until(due, stop);
                if (stop.IsCancellationRequested) break;
                Interlocked.Increment(ref _scheduled);
                if (TryTakeIdle())
                {
                    _work.Writer.TryWrite(new ScheduledStart(index, due));
                    Interlocked.Increment(ref _handed);
                }
                else
                {
                    Interlocked.Increment(ref _dropped);
                    _onDropped();
                    TryGrow();
                }
            }
        }
        catch (Exception e)
        {
            Error = e;
        }
        finally
        {
            _work.Writer.TryComplete();
            _completion.TrySetResult();
        }
    }

    /// <summary>A VU is initialised and about to ask for work. <paramref name="grown"/>: it was added by the pacer.</summary>
    public void VuReady(bool grown)
    {
        Interlocked.Increment(ref _allocated);
        if (grown) Volatile.Write(ref _growing, 0);
    }

    /// <summary>A VU the pacer asked for could not be started: let the pacer grow another one later.</summary>
    public void GrowthFailed() => Volatile.Write(ref _growing, 0);

    /// <summary>Waits, idle, for the next start handed to this VU; null when the pacer is done and no start is left.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // one per start: reuse the state machine
    public async ValueTask<ScheduledStart?> NextAsync()
    {
        // Counted idle first, then read: every start the pacer hands out (after taking one from the count) has a reader
        // that will take it, and no counted VU is ever left waiting for a start that went elsewhere.
        Interlocked.Increment(ref _idle);
        try
        {
            return await _work.Reader.ReadAsync().ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    private bool TryTakeIdle()
    {
        var idle = Volatile.Read(ref _idle);
        while (idle > 0)
        {
            var seen = Interlocked.CompareExchange(ref _idle, idle - 1, idle);
            if (seen == idle) return true;
            idle = seen;
        }
        return false;
    }

    private void TryGrow()
    {
        if (Volatile.Read(ref _grown) >= _growable || Interlocked.CompareExchange(ref _growing, 1, 0) != 0) return;
        Interlocked.Increment(ref _grown);
        _growOne();
    }
}
