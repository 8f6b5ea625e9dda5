using Rampa.Core.Engine;

namespace Rampa.Core.Executors;

/// <summary>
/// The global start schedule of an arrival-rate executor, as the pacers of every silo walk it: uniform (the executor's
/// own arithmetic) or Poisson (exponential gaps with the same mean rate, drawn from one stream seeded by the run's seed
/// and the scenario's name). Every silo computes the same global list and starts only the indices its segment owns, so
/// the union over the silos is exactly this list, whatever the distribution.
/// </summary>
public static class ArrivalSchedule
{
    /// <summary>Every scheduled start of <paramref name="executor"/>, in order, as offsets from the executor's start.</summary>
    public static IEnumerable<TimeSpan> Offsets(ExecutorConfig executor, long seed, string scenario) =>
        executor is IArrivalRateExecutor arrival
            ? arrival.ScheduleOffsets(seed, scenario)
            : throw new ArgumentException($"'{executor.Kind}' has no arrival schedule", nameof(executor));

    /// <summary>The random stream of a scenario's Poisson arrivals: one per scenario per run seed, the same on every silo.</summary>
    public static Random PoissonStream(long seed, string scenario) => new(SeedMixer.Mix(seed, "arrival/" + scenario, 0));

    /// <summary>Running sums of unit exponential gaps: the areas under the rate line at which a Poisson process starts.</summary>
    public static IEnumerable<double> PoissonAreas(Random random)
    {
        double area = 0;
        while (true)
        {
            area += -Math.Log(1.0 - random.NextDouble()); // NextDouble is in [0, 1): the log's argument is in (0, 1]
            yield return area;
        }
    }
}
