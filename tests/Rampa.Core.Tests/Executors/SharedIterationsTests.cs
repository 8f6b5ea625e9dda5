using Rampa.Core.Executors;
using static Rampa.Core.Tests.Executors.ExecutorTestHelpers;

namespace Rampa.Core.Tests.Executors;

public class SharedIterationsTests
{
    [Theory]
    [InlineData(1, 1, "10m", "")]
    [InlineData(10, 10, "1s", "")]
    [InlineData(10, 1000, "1h", "")]
    [InlineData(10, 9, "10m", "iterations")]      // iterations >= vus
    [InlineData(2, 1, "10m", "iterations")]
    [InlineData(1, 0, "10m", "iterations")]
    [InlineData(1, 1, "999ms", "maxDuration")]
    [InlineData(1, 1, "0s", "maxDuration")]
    [InlineData(0, 5, "10m", "vus")]
    [InlineData(-1, 5, "10m", "vus")]
    [InlineData(5, 4, "500ms", "iterations,maxDuration")]
    public void Validation(int vus, long iterations, string maxDuration, string expectedErrors) =>
        AssertErrors(new SharedIterations { Vus = vus, Iterations = iterations, MaxDuration = D(maxDuration) }, expectedErrors);

    [Fact]
    public void Defaults_are_valid()
    {
        var c = new SharedIterations();
        Assert.Equal("shared-iterations", c.Kind);
        Assert.False(c.IsArrivalRate);
        Assert.Equal(1, c.Vus);
        Assert.Equal(1, c.Iterations);
        Assert.Equal(D("10m"), c.MaxDuration);
        Assert.Equal(D("10m"), SharedIterations.DefaultMaxDuration);
        Assert.Empty(c.Validate());
    }

    [Theory]
    [InlineData(4, "1m", "30s", "1m", "1m30s")]
    [InlineData(1, "10m", "0s", "10m", "10m")]
    [InlineData(50, "1s", "2s", "1s", "3s")]
    public void Durations_and_max_vus(int vus, string maxDuration, string gracefulStop, string regular, string hard)
    {
        var c = new SharedIterations { Vus = vus, Iterations = 100, MaxDuration = D(maxDuration), GracefulStop = D(gracefulStop) };
        Assert.Equal(D(regular), c.RegularDuration);
        Assert.Equal(D(hard), c.HardDuration);
        Assert.Equal(vus, c.MaxVus);
    }

    [Theory]
    [InlineData(100, 100, 0)]
    [InlineData(100, 0, 100)]
    [InlineData(100, 37, 63)]
    [InlineData(0, 0, 0)]
    [InlineData(10, 11, 0)]    // never negative
    [InlineData(1, long.MaxValue, 0)]
    [InlineData(5_000_000_000, 1, 4_999_999_999)]
    public void Dropped_is_total_minus_attempted(long total, long attempted, long expected) =>
        Assert.Equal(expected, SharedIterations.Dropped(total, attempted));
}
