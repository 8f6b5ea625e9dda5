using Azure.Storage.Blobs;
using Rampa.Core.Metrics;

namespace Rampa.Storage.Tests;

/// <summary>The histogram grains' interval log against a real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobIntervalLogTests(AzuriteFixture azurite)
{
    private BlobContainerClient Container() => new(azurite.ConnectionString, "rampa-intervals");

    [Fact]
    public async Task Appended_snapshots_read_back_byte_identical_in_position_order_through_a_fresh_log()
    {
        var runId = RunIds.New();
        var log = new BlobIntervalLog(Container());
        const string siloA = "10.0.0.4:11111@123456789";
        const string siloB = "[fd00::17]:11111@42";
        var stored = new List<IntervalRecord>
        {
            new(0, siloB, 1, [1, 2, 3]),
            new(3, siloA, 10, [4]),
            new(1, siloA, 2, new byte[70_000]),
            new(2, siloA, 1, []),
            new(11, siloB, 2, [5]), // names and positions sort differently: the position decides
        };
        foreach (var r in stored) await log.AppendAsync(runId, 3, r);
        await log.AppendAsync(runId, 1, new(0, siloA, 1, [9]));

        var read = await new BlobIntervalLog(Container()).ReadAsync(runId, 3);

        Assert.Equal([0L, 1, 2, 3, 11], read.Select(r => r.Position));
        foreach (var r in read) Assert.Equal(stored.Single(s => s.Position == r.Position), r, RecordWithBytes.Instance);
        Assert.Equal([9], (await log.ReadAsync(runId, 1)).Single().Snapshot);
        Assert.Empty(await log.ReadAsync(runId, 0));
    }

    [Fact]
    public async Task A_re_append_of_a_stored_snapshot_succeeds_and_stores_nothing_new()
    {
        var runId = RunIds.New();
        var log = new BlobIntervalLog(Container());
        await log.AppendAsync(runId, 0, new(4, "silo-a", 7, [1, 2]));
        await log.AppendAsync(runId, 0, new(4, "silo-a", 7, [1, 2])); // a flush stored, its acknowledgement lost, retried
        await new BlobIntervalLog(Container()).AppendAsync(runId, 0, new(5, "silo-a", 7, [1, 2])); // after a move

        var read = Assert.Single(await log.ReadAsync(runId, 0));
        Assert.Equal([1, 2], read.Snapshot);
        Assert.Equal(4, read.Position); // the first write stands
        var blobs = new List<string>();
        await foreach (var item in Container().GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = BlobIntervalLog.ShardPrefix(runId, 0) })) blobs.Add(item.Name);
        Assert.Equal([BlobIntervalLog.BlobName(runId, 0, "silo-a", 7)], blobs);
    }

    [Fact]
    public async Task Reading_a_missing_container_or_run_finds_nothing()
    {
        var missing = new BlobIntervalLog(new BlobContainerClient(azurite.ConnectionString, "no-such-" + Guid.NewGuid().ToString("N")[..8]));
        Assert.Empty(await missing.ReadAsync(RunIds.New(), 0));
        Assert.Empty(await new BlobIntervalLog(Container()).ReadAsync(RunIds.New(), 0));
    }

    [Fact]
    public void Names_a_snapshot_under_the_runs_intervals_folder_in_sequence_order()
    {
        var name = BlobIntervalLog.BlobName("20260101-000000-abcdef", 2, "silo-a", 42);
        Assert.StartsWith("runs/20260101-000000-abcdef/intervals/2/", name);
        Assert.EndsWith("-0000000000000000042", name);
        Assert.True(string.CompareOrdinal(BlobIntervalLog.BlobName("r", 0, "s", 9), BlobIntervalLog.BlobName("r", 0, "s", 10)) < 0);
    }

    /// <summary>Records compare by value, their byte arrays by content.</summary>
    private sealed class RecordWithBytes : IEqualityComparer<IntervalRecord>
    {
        public static readonly RecordWithBytes Instance = new();

        public bool Equals(IntervalRecord? x, IntervalRecord? y) =>
            x is not null && y is not null && x.Position == y.Position && x.Silo == y.Silo && x.Sequence == y.Sequence
            && x.Snapshot.AsSpan().SequenceEqual(y.Snapshot);

        public int GetHashCode(IntervalRecord r) => HashCode.Combine(r.Position, r.Silo, r.Sequence);
    }
}
