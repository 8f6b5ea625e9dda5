using Rampa.Core.Engine;

namespace Rampa.Core.Data;

/// <summary>
/// A run's data sources on one silo: for each, how a VU gets its next row. Sequential and unique sources draw from a
/// <see cref="RowBlockQueue"/> fed by their coordinator; random and perVu sources need none (the run's seed, or the VU's
/// number, decides). One per run per silo, in <see cref="RunServices"/>.
/// </summary>
public sealed class RunData
{
    private readonly RowBlockQueue?[] _queues;

    public RunData(DataCatalog catalog, long seed, Func<DataSource, IRowLeaseClient> coordinator)
    {
        Catalog = catalog;
        Seed = seed;
        _queues = catalog.Sources
            .Select(s => s.Spec.Mode is DataMode.Sequential or DataMode.Unique ? new RowBlockQueue(coordinator(s), s.File.RowCount) : null)
            .ToArray();
    }

    public DataCatalog Catalog { get; }
    public long Seed { get; }

    /// <summary>Every source's coordinator in this process (no cluster): what a plan run outside a grain uses.</summary>
    public static RunData Local(DataCatalog catalog, long seed) => new(catalog, seed,
        s => new LocalRowLeaseClient(new RowLeaseLedger(s.File.RowCount, s.Spec.Mode, s.Spec.OnExhausted)));

    /// <summary>The next row index of <paramref name="source"/> for <paramref name="vu"/>; -1 when a unique source ran out.</summary>
    public ValueTask<long> NextRowAsync(int source, VuContext vu, CancellationToken cancellation)
    {
        var s = Catalog.Sources[source];
        return s.Spec.Mode switch
        {
            DataMode.PerVu => ValueTask.FromResult((vu.Vu - 1) % s.File.RowCount),
            DataMode.Random => ValueTask.FromResult(vu.Data.RandomFor(source, Seed, s.Name, vu.Vu).NextInt64(s.File.RowCount)),
            _ => _queues[source]!.TakeAsync(cancellation),
        };
    }

    /// <summary>Rows used of each leased source on this silo (reported to the coordinators at the end of the silo's share).</summary>
    public Task ReportAsync() => Task.WhenAll(_queues.OfType<RowBlockQueue>().Select(q => q.ReportAsync()));
}
