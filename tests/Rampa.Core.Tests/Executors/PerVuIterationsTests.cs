using Rampa.Core.Executors;
using static Rampa.Core.Tests.Executors.ExecutorTestHelpers;

namespace Rampa.Core.Tests.Executors;

public class PerVuIterationsTests
{
    [Theory]
    [InlineData(1, 1, "10m", "")]
    [InlineData(10, 1, "1s", "")]
    [InlineData(1, 1000, "1h", "")]
    [InlineData(10, 3, "10m", "")]          // unlike shared-iterations, iterations may be below vus
    [InlineData(0, 1, "10m", "vus")]
    [InlineData(-3, 1, "10m", "vus")]
    [InlineData(1, 0, "10m", "iterations")]
    [InlineData(1, -1, "10m", "iterations")]
    [InlineData(1, 1, "999ms", "maxDuration")]
    [InlineData(0, 0, "0s", "vus,iterations,maxDuration")]
    public void Validation(int vus, long iterations, string maxDuration, string expectedErrors) =>
        AssertErrors(new PerVuIterations { Vus = vus, Iterations = iterations, MaxDuration = D(maxDuration) }, expectedErrors);

    [Fact]
    public void Defaults_are_valid()
    {
        var c = new PerVuIterations();
        Assert.Equal("per-vu-iterations", c.Kind);
        Assert.False(c.IsArrivalRate);
        Assert.Equal(1, c.Vus);
        Assert.Equal(1, c.Iterations);
        Assert.Equal(D("10m"), c.MaxDuration);
        Assert.Empty(c.Validate());
    }

    [Theory]
    [InlineData(3, 10, "2m", "30s", "2m", "2m30s", 30)]
    [InlineData(1, 1, "10m", "0s", "10m", "10m", 1)]
    [InlineData(1000, 1000, "1s", "1s", "1s", "2s", 1_000_000)]
    public void Durations_max_vus_and_total(int vus, long iterations, string maxDuration, string gracefulStop, string regular, string hard, long total)
    {
        var c = new PerVuIterations { Vus = vus, Iterations = iterations, MaxDuration = D(maxDuration), GracefulStop = D(gracefulStop) };
        Assert.Equal(D(regular), c.RegularDuration);
        Assert.Equal(D(hard), c.HardDuration);
        Assert.Equal(vus, c.MaxVus);
        Assert.Equal(total, c.TotalIterations);
    }

    [Fact]
    public void Total_iterations_does_not_overflow_int()
    {
        var c = new PerVuIterations { Vus = 100_000, Iterations = 100_000 };
        Assert.Equal(10_000_000_000L, c.TotalIterations);
    }
}
