using System.Diagnostics;
using Rampa.Core.Protocols.Http;

namespace Rampa.Core.Tests.Protocols;

[Collection(ProtocolTimingCollection.Name)]
public class DeadlineWatchdogTests
{
    /// <summary>How long after it is cancelled (or the bound passes) the token was seen cancelled.</summary>
    private static async Task<TimeSpan?> WaitCancelled(CancellationToken token, TimeSpan bound)
    {
        var watch = Stopwatch.StartNew();
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = token.Register(() => cancelled.TrySetResult());
        var winner = await Task.WhenAny(cancelled.Task, Task.Delay(bound));
        return winner == cancelled.Task ? watch.Elapsed : null;
    }

    [Fact]
    public void Period_is_ten_milliseconds()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(10), DeadlineWatchdog.Period);
    }

    [Fact]
    public async Task Armed_slot_is_cancelled_soon_after_its_deadline()
    {
        using var watchdog = new DeadlineWatchdog();
        var slot = watchdog.Register(CancellationToken.None);
        var token = slot.Arm(TimeSpan.FromMilliseconds(30));
        Assert.False(token.IsCancellationRequested);
        var after = await WaitCancelled(token, TimeSpan.FromSeconds(2));
        Assert.NotNull(after);
        Assert.True(after >= TimeSpan.FromMilliseconds(25), $"cancelled after {after?.TotalMilliseconds}ms");
        Assert.True(after < TimeSpan.FromMilliseconds(100), $"cancelled after {after?.TotalMilliseconds}ms");
        Assert.True(slot.Disarm(), "Disarm reports the expiry");
        Assert.False(slot.Disarm(), "a second Disarm has nothing to report");
    }

    [Fact]
    public async Task Disarmed_slot_is_never_cancelled()
    {
        using var watchdog = new DeadlineWatchdog();
        var slot = watchdog.Register(CancellationToken.None);
        var token = slot.Arm(TimeSpan.FromMilliseconds(50));
        await Task.Delay(10);
        Assert.False(slot.Disarm());
        Assert.Null(await WaitCancelled(token, TimeSpan.FromMilliseconds(200)));
        Assert.False(token.IsCancellationRequested);
    }

    [Fact]
    public async Task Rearming_before_the_deadline_moves_it()
    {
        using var watchdog = new DeadlineWatchdog();
        var slot = watchdog.Register(CancellationToken.None);
        var first = slot.Arm(TimeSpan.FromMilliseconds(40));
        Assert.False(slot.Disarm());
        var second = slot.Arm(TimeSpan.FromSeconds(10));
        Assert.Null(await WaitCancelled(second, TimeSpan.FromMilliseconds(150)));
        Assert.False(first.IsCancellationRequested);
        Assert.False(slot.Disarm());
    }

    [Fact]
    public async Task After_an_expiry_the_next_arm_gives_a_fresh_token()
    {
        using var watchdog = new DeadlineWatchdog();
        var slot = watchdog.Register(CancellationToken.None);
        var expired = slot.Arm(TimeSpan.FromMilliseconds(20));
        Assert.NotNull(await WaitCancelled(expired, TimeSpan.FromSeconds(2)));
        Assert.True(slot.Disarm());

        var fresh = slot.Arm(TimeSpan.FromMilliseconds(300));
        Assert.False(fresh.IsCancellationRequested);
        Assert.NotEqual(expired, fresh);
        await Task.Delay(100);
        Assert.False(fresh.IsCancellationRequested);
        Assert.False(slot.Disarm());

        // And that one expires in its turn, with yet another fresh token after it.
        var again = slot.Arm(TimeSpan.FromMilliseconds(20));
        Assert.NotNull(await WaitCancelled(again, TimeSpan.FromSeconds(2)));
        Assert.True(slot.Disarm());
        var third = slot.Arm(TimeSpan.FromSeconds(5));
        Assert.False(third.IsCancellationRequested);
        Assert.False(slot.Disarm());
    }

    [Fact]
    public async Task Arm_without_disarm_after_an_expiry_still_gives_a_fresh_token()
    {
        using var watchdog = new DeadlineWatchdog();
        var slot = watchdog.Register(CancellationToken.None);
        var expired = slot.Arm(TimeSpan.FromMilliseconds(20));
        Assert.NotNull(await WaitCancelled(expired, TimeSpan.FromSeconds(2)));
        var fresh = slot.Arm(TimeSpan.FromSeconds(5));
        Assert.False(fresh.IsCancellationRequested);
        await Task.Delay(50);
        Assert.False(fresh.IsCancellationRequested);
        Assert.False(slot.Disarm());
    }

    [Fact]
    public async Task Interrupt_cancels_the_armed_token_at_once_and_every_later_one()
    {
        using var watchdog = new DeadlineWatchdog();
        using var interrupt = new CancellationTokenSource();
        var slot = watchdog.Register(interrupt.Token);
        var token = slot.Arm(TimeSpan.FromSeconds(30));
        var waiting = WaitCancelled(token, TimeSpan.FromSeconds(2));
        await interrupt.CancelAsync();
        var after = await waiting;
        Assert.NotNull(after);
        Assert.True(after < TimeSpan.FromMilliseconds(500));
        Assert.False(slot.Disarm(), "an interrupt is not a timeout");
        Assert.True(slot.Arm(TimeSpan.FromSeconds(30)).IsCancellationRequested);
        slot.Disarm();
    }

    [Fact]
    public void Disarm_of_an_idle_slot_reports_nothing()
    {
        using var watchdog = new DeadlineWatchdog();
        var slot = watchdog.Register(CancellationToken.None);
        Assert.False(slot.Disarm());
    }

    [Fact]
    public async Task Many_slots_at_once_expire_each_on_its_own_deadline()
    {
        using var watchdog = new DeadlineWatchdog();
        const int count = 200;
        var slots = Enumerable.Range(0, count).Select(_ => watchdog.Register(CancellationToken.None)).ToArray();
        var start = Stopwatch.StartNew();
        // Even slots expire after 30..79ms; odd ones have a long deadline and are disarmed before it.
        var tokens = slots.Select((s, i) => s.Arm(i % 2 == 0 ? TimeSpan.FromMilliseconds(30 + i % 50) : TimeSpan.FromSeconds(30))).ToArray();
        var seen = new TimeSpan?[count];
        var registrations = tokens.Select((t, i) => t.Register(() => seen[i] = start.Elapsed)).ToArray();
        try
        {
            await Task.Delay(300);
            for (var i = 0; i < count; i++)
            {
                if (i % 2 == 0)
                {
                    Assert.True(tokens[i].IsCancellationRequested, $"slot {i} not cancelled");
                    var due = TimeSpan.FromMilliseconds(30 + i % 50);
                    Assert.True(seen[i] >= due - TimeSpan.FromMilliseconds(2), $"slot {i} cancelled at {seen[i]?.TotalMilliseconds}ms, due {due.TotalMilliseconds}ms");
                    Assert.True(seen[i] < due + TimeSpan.FromMilliseconds(100), $"slot {i} cancelled at {seen[i]?.TotalMilliseconds}ms, due {due.TotalMilliseconds}ms");
                    Assert.True(slots[i].Disarm());
                }
                else
                {
                    Assert.False(tokens[i].IsCancellationRequested, $"slot {i} cancelled");
                    Assert.False(slots[i].Disarm());
                }
            }
        }
        finally
        {
            foreach (var r in registrations) r.Dispose();
        }
        foreach (var s in slots) Assert.False(s.Arm(TimeSpan.FromSeconds(30)).IsCancellationRequested);
        foreach (var s in slots) s.Disarm();
    }

    [Fact]
    public async Task Unregistered_slot_is_no_longer_watched()
    {
        using var watchdog = new DeadlineWatchdog();
        var slot = watchdog.Register(CancellationToken.None);
        var token = slot.Arm(TimeSpan.FromMilliseconds(20));
        watchdog.Unregister(slot);
        Assert.Null(await WaitCancelled(token, TimeSpan.FromMilliseconds(150)));
    }

    [Fact]
    public async Task Concurrent_arm_and_disarm_never_cancels_a_request_that_ended_in_time()
    {
        using var watchdog = new DeadlineWatchdog();
        var failures = 0;
        var deadline = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var slot = watchdog.Register(CancellationToken.None);
            var i = 0;
            while (deadline.Elapsed < TimeSpan.FromMilliseconds(400))
            {
                // Short deadlines race the scan; a request disarmed in time must not see its token cancelled afterwards.
                var token = slot.Arm(TimeSpan.FromMilliseconds(i++ % 3));
                var expired = slot.Disarm();
                var cancelledNow = token.IsCancellationRequested;
                if (!expired && cancelledNow) Interlocked.Increment(ref failures);
                if (i % 50 == 0) await Task.Yield();
            }
            var fresh = slot.Arm(TimeSpan.FromSeconds(30));
            if (fresh.IsCancellationRequested) Interlocked.Increment(ref failures);
            slot.Disarm();
            watchdog.Unregister(slot);
        })));
        Assert.Equal(0, failures);
    }
}
