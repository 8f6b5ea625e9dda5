using Rampa.Core.Data;
using Rampa.Orleans.Grains;

namespace Rampa.Orleans.Runtime;

/// <summary>A segment runner's way to its source's coordinator grain: one call per block.</summary>
public sealed class GrainRowLeaseClient(IGrainFactory grains, string runId, DataSource source, string holder) : IRowLeaseClient
{
    private readonly IDataSourceGrain _grain = grains.GetGrain<IDataSourceGrain>(DataSourceKey(runId, source.Index));
    private readonly DataSourceShape _shape = new() { Rows = source.File.RowCount, Mode = (int)source.Spec.Mode, OnExhausted = (int)source.Spec.OnExhausted };

    /// <summary>The coordinator's key: <c>{runId}/{sourceIndex}</c>.</summary>
    public static string DataSourceKey(string runId, int source) => $"{runId}/{source}";

    public async Task<RowLease> LeaseAsync(int count, long usedSoFar)
    {
        var lease = await _grain.Lease(_shape, holder, count, usedSoFar);
        return new RowLease(lease.Start, lease.Count, lease.Exhausted);
    }

    public Task ReportAsync(long usedSoFar) => _grain.Report(_shape, holder, usedSoFar);
}
