using Rampa.Core.Data;

namespace Rampa.Orleans.Grains;

/// <summary>
/// Thin: holds a <see cref="RowLeaseLedger"/>; the leasing logic lives there. Every change is written to grain storage
/// before the caller gets its answer, so a coordinator that moves (its silo died) never hands out a row twice.
/// </summary>
public sealed class DataSourceGrain([PersistentState("data")] IPersistentState<DataSourceGrainState> persisted) : Grain, IDataSourceGrain
{
    private RowLeaseLedger? _ledger;

    private RowLeaseLedger Ledger(DataSourceShape shape)
    {
        if (_ledger is not null) return _ledger;
        var s = persisted.State;
        if (!s.Created)
        {
            s.Created = true;
            s.Rows = shape.Rows;
            s.Mode = shape.Mode;
            s.OnExhausted = shape.OnExhausted;
        }
        return _ledger = new RowLeaseLedger(s.ToLedgerState());
    }

    public async Task<DataLease> Lease(DataSourceShape shape, string holder, int count, long used)
    {
        var ledger = Ledger(shape);
        ledger.Report(holder, used);
        var lease = ledger.Lease(holder, count);
        await SaveAsync(ledger);
        return new DataLease { Start = lease.Start, Count = lease.Count, Exhausted = lease.Exhausted };
    }

    public async Task Report(DataSourceShape shape, string holder, long used)
    {
        var ledger = Ledger(shape);
        ledger.Report(holder, used);
        await SaveAsync(ledger);
    }

    public async Task<long> Lose(string holder)
    {
        if (!persisted.State.Created) return 0; // never leased anything
        var ledger = Ledger(new DataSourceShape());
        var lost = ledger.LoseSilo(holder);
        await SaveAsync(ledger);
        return lost;
    }

    public Task<DataSourceTotals> GetTotals()
    {
        if (!persisted.State.Created) return Task.FromResult(new DataSourceTotals());
        var ledger = Ledger(new DataSourceShape());
        var (leased, used, lost) = ledger.Totals;
        return Task.FromResult(new DataSourceTotals { Leased = leased, Used = used, Lost = lost, Wraps = ledger.Wraps, Exhausted = ledger.Exhausted });
    }

    private Task SaveAsync(RowLeaseLedger ledger)
    {
        persisted.State.CopyFrom(ledger.State);
        return persisted.WriteStateAsync();
    }
}

/// <summary>The persisted book of a <see cref="DataSourceGrain"/> (a copy of <see cref="RowLeaseState"/> in Orleans' serializer).</summary>
[GenerateSerializer, Alias("Rampa.DataSourceGrainState")]
public sealed class DataSourceGrainState
{
    [Id(0)] public bool Created { get; set; }
    [Id(1)] public long Rows { get; set; }
    [Id(2)] public int Mode { get; set; }
    [Id(3)] public int OnExhausted { get; set; }
    [Id(4)] public long Next { get; set; }
    /// <summary>Per holder: rows leased, used, lost.</summary>
    [Id(5)] public Dictionary<string, long[]> Holders { get; set; } = new();
    [Id(6)] public HashSet<string> Lost { get; set; } = new();

    public RowLeaseState ToLedgerState() => new()
    {
        Rows = Rows,
        Mode = (DataMode)Mode,
        OnExhausted = (DataExhaustion)OnExhausted,
        Next = Next,
        Silos = Holders.ToDictionary(h => h.Key, h => new SiloRows { Leased = h.Value[0], Used = h.Value[1], Lost = h.Value[2] }, StringComparer.Ordinal),
        LostSilos = new HashSet<string>(Lost, StringComparer.Ordinal),
    };

    public void CopyFrom(RowLeaseState s)
    {
        Next = s.Next;
        Holders = s.Silos.ToDictionary(h => h.Key, h => new[] { h.Value.Leased, h.Value.Used, h.Value.Lost });
        Lost = new HashSet<string>(s.LostSilos);
    }
}
