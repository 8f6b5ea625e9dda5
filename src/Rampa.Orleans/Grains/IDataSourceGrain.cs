namespace Rampa.Orleans.Grains;

/// <summary>
/// The coordinator of one sequential or unique data source of a run (key: <c>{runId}/{sourceIndex}</c>): leases blocks
/// of the source's rows to each segment runner (a block per call, never a row), persisting what it leased before it
/// answers, and writes off what a lost runner held (docs/architecture.md#data-feeders).
/// </summary>
[Alias("Rampa.IDataSourceGrain")]
public interface IDataSourceGrain : IGrainWithStringKey
{
    /// <summary>A block of up to <paramref name="count"/> rows for <paramref name="holder"/> (a segment runner), who has used <paramref name="used"/> so far.</summary>
    [Alias("Lease")]
    Task<DataLease> Lease(DataSourceShape shape, string holder, int count, long used);

    /// <summary>The holder's running count of rows it used (its last, when its share is done).</summary>
    [Alias("Report")]
    Task Report(DataSourceShape shape, string holder, long used);

    /// <summary>Writes off a lost holder: what it held beyond its last report is lost; it gets nothing more. Returns the rows lost.</summary>
    [Alias("Lose")]
    Task<long> Lose(string holder);

    [Alias("GetTotals")]
    Task<DataSourceTotals> GetTotals();
}

/// <summary>What the coordinator needs to know of its source (sent with every call: the first one creates the book).</summary>
[GenerateSerializer, Immutable, Alias("Rampa.DataSourceShape")]
public sealed record DataSourceShape
{
    [Id(0)] public long Rows { get; init; }
    [Id(1)] public int Mode { get; init; }
    [Id(2)] public int OnExhausted { get; init; }
}

/// <summary>A block of the source's sequence (row = sequence mod rows).</summary>
[GenerateSerializer, Immutable, Alias("Rampa.DataLease")]
public sealed record DataLease
{
    [Id(0)] public long Start { get; init; }
    [Id(1)] public int Count { get; init; }
    [Id(2)] public bool Exhausted { get; init; }
}

/// <summary>A source's book at a moment: rows leased, used (as reported), lost with runners, and rounds.</summary>
[GenerateSerializer, Immutable, Alias("Rampa.DataSourceTotals")]
public sealed record DataSourceTotals
{
    [Id(0)] public long Leased { get; init; }
    [Id(1)] public long Used { get; init; }
    [Id(2)] public long Lost { get; init; }
    [Id(3)] public long Wraps { get; init; }
    [Id(4)] public bool Exhausted { get; init; }
}
