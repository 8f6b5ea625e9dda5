using Rampa.Core.Metrics;

namespace Rampa.Core.Tests.Metrics;

public sealed class InMemoryIntervalLogTests
{
    [Fact]
    public async Task Reads_back_each_shard_in_position_order_and_a_re_append_keeps_the_first()
    {
        var log = new InMemoryIntervalLog();
        await log.AppendAsync("run", 0, new(0, "silo-b", 1, [1]));
        await log.AppendAsync("run", 0, new(2, "silo-a", 10, [3]));
        await log.AppendAsync("run", 0, new(1, "silo-a", 2, [2]));
        await log.AppendAsync("run", 0, new(3, "silo-a", 2, [9])); // the retry of a stored flush
        await log.AppendAsync("run", 1, new(0, "silo-a", 1, [4]));
        await log.AppendAsync("other", 0, new(0, "silo-a", 1, [5]));

        var shard0 = await log.ReadAsync("run", 0);
        Assert.Equal([(0L, "silo-b", 1L), (1L, "silo-a", 2L), (2L, "silo-a", 10L)], shard0.Select(r => (r.Position, r.Silo, r.Sequence)));
        Assert.Equal([1, 2, 3], shard0.Select(r => (int)r.Snapshot[0]));
        Assert.Single(await log.ReadAsync("run", 1));
        Assert.Empty(await log.ReadAsync("run", 2));
    }
}
