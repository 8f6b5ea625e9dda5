using Rampa.Core.Scenarios;

namespace Rampa.Core.Tests;

/// <summary>The backoff between tries: exponential, capped, jittered from a seeded stream.</summary>
public class RetryBackoffTests
{
    [Fact]
    public void Without_jitter_it_doubles_from_the_base_up_to_the_cap()
    {
        var p = new RetryPolicy { Base = TimeSpan.FromMilliseconds(100), Max = TimeSpan.FromMilliseconds(700), Jitter = 0 };
        var random = new Random(1);
        Assert.Equal([100, 200, 400, 700, 700], Enumerable.Range(1, 5).Select(n => p.Delay(n, random).TotalMilliseconds));
    }

    [Fact]
    public void Huge_attempt_numbers_stay_at_the_cap()
    {
        var p = new RetryPolicy { Base = TimeSpan.FromSeconds(1), Max = TimeSpan.FromSeconds(30), Jitter = 0 };
        Assert.Equal(TimeSpan.FromSeconds(30), p.Delay(10_000, new Random(1)));
    }

    [Fact]
    public void Jitter_multiplies_by_a_factor_drawn_from_the_seeded_stream()
    {
        var p = new RetryPolicy { Base = TimeSpan.FromMilliseconds(100), Max = TimeSpan.FromSeconds(2), Jitter = 0.5 };
        var expectedStream = new Random(42);
        var random = new Random(42);
        for (var n = 1; n <= 8; n++)
        {
            var raw = Math.Min(100.0 * Math.Pow(2, n - 1), 2000);
            var factor = 1 - 0.5 + (2 * 0.5 * expectedStream.NextDouble());
            var delay = p.Delay(n, random);
            Assert.Equal(TimeSpan.FromTicks((long)(TimeSpan.FromMilliseconds(raw).Ticks * factor)), delay);
            Assert.InRange(delay.TotalMilliseconds, raw * 0.5, raw * 1.5);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_waits()
    {
        var p = new RetryPolicy();
        TimeSpan[] Waits(int seed)
        {
            var r = new Random(seed);
            return [.. Enumerable.Range(1, 6).Select(n => p.Delay(n, r))];
        }
        Assert.Equal(Waits(7), Waits(7));
        Assert.NotEqual(Waits(7), Waits(8));
    }

    [Fact]
    public void A_zero_base_never_waits()
    {
        var p = new RetryPolicy { Base = TimeSpan.Zero };
        Assert.Equal(TimeSpan.Zero, p.Delay(3, new Random(1)));
    }

    [Fact]
    public void Attempt_numbers_start_at_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy().Delay(0, new Random(1)));
    }

    [Theory]
    [InlineData(429, null, true)]
    [InlineData(500, null, true)]
    [InlineData(599, null, true)]
    [InlineData(404, null, false)]
    [InlineData(200, null, false)]
    [InlineData(0, "connection refused", true)]
    [InlineData(0, "request timeout", true)]
    public void The_default_outcomes_are_429_5xx_and_network(int status, string? error, bool retried)
    {
        Assert.Equal(retried, new RetryPolicy().ShouldRetry(status, error));
    }

    [Fact]
    public void Network_errors_retry_only_when_listed()
    {
        var p = new RetryPolicy { On = new RetryOn(new StatusSet([(500, 599)]), Network: false) };
        Assert.False(p.ShouldRetry(0, "connection reset"));
        Assert.True(p.ShouldRetry(503, null));
    }
}
