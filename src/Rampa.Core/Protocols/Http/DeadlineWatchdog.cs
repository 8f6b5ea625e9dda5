namespace Rampa.Core.Protocols.Http;

/// <summary>
/// Enforces request timeouts for many VUs with one timer instead of a timer per request: each VU client publishes
/// the deadline of its request in flight, and a scan every <see cref="Period"/> cancels the ones past due.
/// A timeout thus fires within one period after it is due (documented as the timeout's precision).
/// </summary>
public sealed class DeadlineWatchdog : IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(10);

    private readonly List<DeadlineSlot> _slots = new();
    private readonly Timer _timer;

    public DeadlineWatchdog()
    {
        _timer = new Timer(_ => Scan(), null, Period, Period);
    }

    public DeadlineSlot Register(CancellationToken interrupt)
    {
        var slot = new DeadlineSlot(interrupt);
        lock (_slots) _slots.Add(slot);
        return slot;
    }

    public void Unregister(DeadlineSlot slot)
    {
        lock (_slots) _slots.Remove(slot);
    }

    private void Scan()
    {
        DeadlineSlot[] slots;
        lock (_slots) slots = _slots.ToArray();
        var now = Time.MonotonicClock.Now;
        foreach (var s in slots) s.ExpireIfDue(now);
    }

    public void Dispose() => _timer.Dispose();
}

/// <summary>
/// One VU's request deadline. The VU arms it before a request and disarms it after; the watchdog expires it.
/// The deadline field is the handshake: a positive value is armed, 0 idle, -1 expired by the watchdog (then the
/// token is spent and the next <see cref="Arm"/> makes a fresh one).
/// </summary>
public sealed class DeadlineSlot
{
    private readonly CancellationToken _interrupt;
    private CancellationTokenSource _cts;
    private long _deadline;
    private bool _spent;

    internal DeadlineSlot(CancellationToken interrupt)
    {
        _interrupt = interrupt;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
    }

    /// <summary>Arms the deadline; the token cancels when it passes or when the VU is interrupted.</summary>
    public CancellationToken Arm(TimeSpan timeout)
    {
        if ((_spent || _cts.IsCancellationRequested) && !_interrupt.IsCancellationRequested)
        {
            _cts.Dispose();
            _cts = CancellationTokenSource.CreateLinkedTokenSource(_interrupt);
            _spent = false;
        }
        var token = _cts.Token;
        // The token is read before the deadline is published: the watchdog sees the deadline, then the same source.
        Volatile.Write(ref _deadline, Time.MonotonicClock.Now + Time.MonotonicClock.FromTimeSpan(timeout));
        return token;
    }

    /// <summary>Disarms; true when the watchdog had expired the request (it timed out).</summary>
    public bool Disarm()
    {
        // Expired: the watchdog may still be about to cancel this source, so it is never used again.
        if (Interlocked.Exchange(ref _deadline, 0) != -1) return false;
        _spent = true;
        return true;
    }

    internal void ExpireIfDue(long now)
    {
        var deadline = Volatile.Read(ref _deadline);
        if (deadline <= 0 || now < deadline) return;
        var cts = _cts;
        if (Interlocked.CompareExchange(ref _deadline, -1, deadline) != deadline) return;
        try
        {
            cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The VU finished and replaced its source meanwhile: nothing left to cancel.
        }
    }
}
