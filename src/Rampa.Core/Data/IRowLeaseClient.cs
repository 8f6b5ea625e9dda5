namespace Rampa.Core.Data;

/// <summary>
/// How a silo reaches the coordinator of one sequential or unique source (the data grain; in-process in unit tests):
/// a block per call, with the silo's running count of the rows it used, so a lost silo's unused rows are known.
/// </summary>
public interface IRowLeaseClient
{
    Task<RowLease> LeaseAsync(int count, long usedSoFar);

    /// <summary>The silo's last count, when its share of the run is done.</summary>
    Task ReportAsync(long usedSoFar);
}

/// <summary>A coordinator in this process: a <see cref="RowLeaseLedger"/> behind a lock (tests, and plans loaded outside a cluster).</summary>
public sealed class LocalRowLeaseClient(RowLeaseLedger ledger, string silo = "local") : IRowLeaseClient
{
    private readonly Lock _gate = new();

    public RowLeaseLedger Ledger => ledger;

    public Task<RowLease> LeaseAsync(int count, long usedSoFar)
    {
        lock (_gate)
        {
            ledger.Report(silo, usedSoFar);
            return Task.FromResult(ledger.Lease(silo, count));
        }
    }

    public Task ReportAsync(long usedSoFar)
    {
        lock (_gate) ledger.Report(silo, usedSoFar);
        return Task.CompletedTask;
    }
}
