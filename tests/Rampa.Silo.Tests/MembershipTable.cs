using Azure.Data.Tables;

namespace Rampa.Silo.Tests;

/// <summary>One silo's row in Orleans' Azure Table membership table.</summary>
public sealed record MembershipRow(string SiloName, string Address, string Status);

/// <summary>Reads a cluster's rows from the OrleansSiloInstances table, as Orleans wrote them.</summary>
public sealed class MembershipTable(string connectionString)
{
    public const string TableName = "OrleansSiloInstances";

    // Besides one row per silo, Orleans 10 keeps rows that hold the table's version (RowKey "!Start" and "~End",
    // no Status): they describe no silo.
    private const string StatusProperty = "Status";

    public async Task<IReadOnlyList<MembershipRow>> RowsAsync(string clusterId)
    {
        var table = new TableClient(connectionString, TableName);
        var rows = new List<MembershipRow>();
        try
        {
            await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == clusterId))
            {
                if (!entity.ContainsKey(StatusProperty)) continue;
                rows.Add(new MembershipRow(
                    entity.GetString("SiloName") ?? "",
                    $"{entity.GetString("Address")}:{entity.GetString("Port")}",
                    entity.GetString(StatusProperty) ?? ""));
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // no silo has created the table yet
        }
        return rows;
    }

    /// <summary>Polls until <paramref name="done"/> holds for the cluster's rows; fails with the last rows seen after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<MembershipRow>> WaitUntilAsync(string clusterId, Func<IReadOnlyList<MembershipRow>, bool> done,
        TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var rows = await RowsAsync(clusterId);
            if (done(rows)) return rows;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{what} not reached within {timeout}; rows: " +
                                           string.Join(", ", rows.Select(r => $"{r.SiloName}={r.Status}")));
            await Task.Delay(250);
        }
    }
}
