namespace Rampa.Core.Data;

/// <summary>
/// The coordinator's book for one <see cref="DataMode.Sequential"/> or <see cref="DataMode.Unique"/> source of a run:
/// hands out blocks of the source's sequence to silos (a block per call, never a row), counts what each silo says it
/// used, and when a silo is lost, writes off what it held and had not reported as used (reported as lost, never handed
/// out again). The logic of the data grain, kept out of it; its state is plain data the grain persists before it answers.
/// <para>
/// Guarantee (unique): a sequence number is granted at most once, whatever the order of grants, reports and losses; with
/// <see cref="DataExhaustion.Recycle"/> the sequence goes on past the row count (row = sequence mod rows), so a row is
/// used at most once per round.
/// </para>
/// </summary>
public sealed class RowLeaseLedger
{
    public RowLeaseLedger(long rows, DataMode mode, DataExhaustion onExhausted)
    {
        if (rows <= 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "a data source has at least one row");
        if (mode is not (DataMode.Sequential or DataMode.Unique)) throw new ArgumentException($"{mode} needs no coordinator", nameof(mode));
        State = new RowLeaseState { Rows = rows, Mode = mode, OnExhausted = onExhausted };
    }

    public RowLeaseLedger(RowLeaseState state) => State = state;

    /// <summary>The book, as the grain persists it.</summary>
    public RowLeaseState State { get; }

    /// <summary>Whether a unique source without recycling ran out.</summary>
    public bool Exhausted => State.Mode == DataMode.Unique && State.OnExhausted != DataExhaustion.Recycle && State.Next >= State.Rows;

    /// <summary>Completed rounds over the rows handed out so far (sequential, or unique with recycling; a unique source that stops has none).</summary>
    public long Wraps => State.Mode == DataMode.Unique && State.OnExhausted != DataExhaustion.Recycle ? 0 : State.Next / State.Rows;

    /// <summary>A block of up to <paramref name="count"/> for <paramref name="silo"/>; none for a silo written off as lost.</summary>
    public RowLease Lease(string silo, int count)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "ask for at least one row");
        if (State.LostSilos.Contains(silo)) return RowLease.None(Exhausted);
        var grant = count;
        if (State.Mode == DataMode.Unique && State.OnExhausted != DataExhaustion.Recycle)
        {
            // Near the end, no holder takes more than a fair part of what is left: rows a silo holds when its share of
            // the run ends are never used by another.
            var left = Math.Max(0, State.Rows - State.Next);
            var holders = Math.Max(1, State.Silos.Count - State.LostSilos.Count + (State.Silos.ContainsKey(silo) ? 0 : 1));
            grant = (int)Math.Min(count, Math.Min(left, Math.Max(1, left / (4 * holders))));
        }
        if (grant == 0) return RowLease.None(exhausted: true);
        var lease = new RowLease(State.Next, grant, false);
        State.Next += grant;
        var held = State.Silos.TryGetValue(silo, out var h) ? h : new SiloRows();
        State.Silos[silo] = held with { Leased = held.Leased + grant };
        return lease with { Exhausted = Exhausted };
    }

    /// <summary>The silo's own count of the rows it used of everything it was granted (a running total; older reports are ignored).</summary>
    public void Report(string silo, long used)
    {
        if (State.LostSilos.Contains(silo) || !State.Silos.TryGetValue(silo, out var held)) return;
        State.Silos[silo] = held with { Used = Math.Clamp(used, held.Used, held.Leased) };
    }

    /// <summary>Writes off a lost silo: what it held beyond what it reported as used is lost; it gets nothing more.</summary>
    public long LoseSilo(string silo)
    {
        if (!State.LostSilos.Add(silo) || !State.Silos.TryGetValue(silo, out var held)) return 0;
        var lost = held.Leased - held.Used;
        State.Silos[silo] = held with { Lost = lost };
        return lost;
    }

    /// <summary>Rows granted, used (as reported), and lost with silos.</summary>
    public (long Leased, long Used, long Lost) Totals =>
        (State.Silos.Values.Sum(s => s.Leased), State.Silos.Values.Sum(s => s.Used), State.Silos.Values.Sum(s => s.Lost));
}

/// <summary>The persisted state of a <see cref="RowLeaseLedger"/>.</summary>
public sealed class RowLeaseState
{
    public long Rows { get; set; }
    public DataMode Mode { get; set; }
    public DataExhaustion OnExhausted { get; set; }
    /// <summary>The next sequence number to grant.</summary>
    public long Next { get; set; }
    public Dictionary<string, SiloRows> Silos { get; set; } = new(StringComparer.Ordinal);
    public HashSet<string> LostSilos { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One silo's rows: granted, reported used, and lost with it.</summary>
public sealed record SiloRows
{
    public long Leased { get; init; }
    public long Used { get; init; }
    public long Lost { get; init; }
}
