using Rampa.Core.Engine;

namespace Rampa.Core.Data;

/// <summary>
/// One VU's current rows: what <c>{{data.SOURCE.COLUMN}}</c> reads during an iteration. <see cref="BeginIterationAsync"/>
/// takes a new row of every source the scenario reads (per iteration), or keeps the first one (per VU).
/// </summary>
public sealed class VuData
{
    private string[]?[] _rows = [];
    private Random?[] _random = [];

    /// <summary>The value of a column of the current row of a source (null before any row).</summary>
    public string? Get(int source, int column) => source < _rows.Length ? _rows[source]?[column] : null;

    /// <summary>The VU's own random stream for a random source: same seed, same rows.</summary>
    internal Random RandomFor(int source, long seed, string name, long vu)
    {
        if (_random.Length <= source) Array.Resize(ref _random, source + 1);
        return _random[source] ??= new Random(SeedMixer.Mix(seed, "data:" + name, vu));
    }

    /// <summary>
    /// Takes this iteration's rows. False when a unique source with <c>onExhausted: stop</c> ran out: the VU starts no
    /// new iteration. A source with <c>onExhausted: fail</c> that ran out throws <see cref="DataExhaustedException"/>.
    /// </summary>
    public async ValueTask<bool> BeginIterationAsync(VuContext vu, IReadOnlyList<int> sources, CancellationToken cancellation)
    {
        var data = vu.Services.Data;
        if (_rows.Length < data.Catalog.Sources.Count) Array.Resize(ref _rows, data.Catalog.Sources.Count);
        foreach (var i in sources)
        {
            var source = data.Catalog.Sources[i];
            if (source.Spec.Per == DataPer.Vu && _rows[i] is not null) continue;
            var row = await data.NextRowAsync(i, vu, cancellation).ConfigureAwait(false);
            if (row < 0)
            {
                if (source.Spec.OnExhausted == DataExhaustion.Fail) throw new DataExhaustedException(source.Name, source.File.RowCount);
                return false;
            }
            _rows[i] = source.File.ReadRow(row);
        }
        return true;
    }
}

/// <summary>A unique source with <c>onExhausted: fail</c> ran out of rows: the run stops and fails with its own exit code (109).</summary>
public sealed class DataExhaustedException(string source, long rows)
    : Exception($"{ReasonPrefix}data source '{source}' used all of its {rows} rows (mode: unique, onExhausted: fail)")
{
    /// <summary>How the stop reason of such a run begins: the report tells it from a scenario's own abort by it.</summary>
    public const string ReasonPrefix = "data exhausted: ";

    public string DataSource { get; } = source;

    public static bool IsReason(string? reason) => reason?.StartsWith(ReasonPrefix, StringComparison.Ordinal) == true;
}
