using Rampa.Core.Time;

namespace Rampa.Core.Tests;

public class PauseTests
{
    [Fact]
    public async Task A_pause_never_ends_before_its_time()
    {
        for (var i = 0; i < 50; i++)
        {
            var pause = TimeSpan.FromMilliseconds(1 + i % 7);
            var start = MonotonicClock.Now;
            await Pause.ForAsync(pause, CancellationToken.None);
            Assert.True(MonotonicClock.Now - start >= MonotonicClock.FromTimeSpan(pause), $"pause {pause} ended early");
        }
    }

    [Fact]
    public async Task A_pause_is_cut_by_cancellation()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Pause.ForAsync(TimeSpan.FromMinutes(1), cts.Token));
    }
}
