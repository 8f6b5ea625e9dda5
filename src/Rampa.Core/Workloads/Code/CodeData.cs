using Rampa.Core.Data;
using Rampa.Core.Engine;
using Rampa.Sdk;

namespace Rampa.Core.Workloads.Code;

/// <summary>
/// <c>worker.Data(name)</c> for one VU: takes rows from the run's <see cref="RunData"/>, the same supply and guarantees as
/// a YAML scenario's <c>{{data.NAME.COLUMN}}</c>. A unique source that ran out stops the VU (<see cref="VuStopException"/>),
/// and with <c>fail</c> the run too (exit 109).
/// </summary>
internal sealed class CodeData(VuContext vu, DataSource source, Func<CancellationToken> cancellation) : WorkerData
{
    private DataRow? _vuRow;

    public override string Name => source.Name;
    public override IReadOnlyList<string> Columns => source.File.Columns;

    public override async ValueTask<DataRow> NextAsync()
    {
        if (source.Spec.Per == DataPer.Vu && _vuRow is not null) return _vuRow;
        var index = await vu.Services.Data.NextRowAsync(source.Index, vu, cancellation()).ConfigureAwait(false);
        if (index < 0)
        {
            if (source.Spec.OnExhausted == DataExhaustion.Fail)
                vu.Services.RequestAbort(new DataExhaustedException(source.Name, source.File.RowCount).Message);
            throw new VuStopException($"data source '{source.Name}' has no row left");
        }
        var row = new DataRow(source.File.Columns, source.File.ReadRow(index));
        if (source.Spec.Per == DataPer.Vu) _vuRow = row;
        return row;
    }
}
