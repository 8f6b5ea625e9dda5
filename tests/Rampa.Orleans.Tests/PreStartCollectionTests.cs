using Rampa.Core.Time;
using Rampa.Orleans.Runtime;

namespace Rampa.Orleans.Tests;

/// <summary>The collection before a start happens only when it cannot pause a measurement.</summary>
public sealed class PreStartCollectionTests
{
    private static LocalRun Run(string id) => IdleLocalRun.Create(id);

    private static long InOneSecond => MonotonicClock.Now + MonotonicClock.FromTimeSpan(TimeSpan.FromSeconds(1));

    [Fact]
    public void Collects_when_the_starting_segment_is_the_only_one_on_the_silo()
    {
        var registry = new LocalRunRegistry();
        registry.GetOrAdd("a", 0, 0, () => Run("a"));
        var before = GC.CollectionCount(GC.MaxGeneration);
        Assert.True(PreStartCollection.RunIfQuiet(registry, InOneSecond));
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > before);
        registry.Remove("a", 0, 0);
    }

    [Fact]
    public void Never_while_another_segment_runs_here_nor_when_the_start_is_too_near()
    {
        var registry = new LocalRunRegistry();
        registry.GetOrAdd("a", 0, 0, () => Run("a"));
        Assert.False(PreStartCollection.RunIfQuiet(registry, MonotonicClock.Now + MonotonicClock.FromTimeSpan(TimeSpan.FromMilliseconds(20))));
        Assert.False(PreStartCollection.RunIfQuiet(registry, MonotonicClock.Now - 1));
        registry.GetOrAdd("b", 1, 0, () => Run("b")); // a takeover segment beside a running one
        Assert.False(PreStartCollection.RunIfQuiet(registry, InOneSecond));
        registry.Remove("a", 0, 0);
        registry.Remove("b", 1, 0);
    }
}
