namespace Rampa.Core.Data;

/// <summary>How a data source hands its rows to the VUs (docs/scenario-format.md#data).</summary>
public enum DataMode
{
    /// <summary>Rows in file order, shared by every VU of the run on every silo; wraps around.</summary>
    Sequential,
    /// <summary>Each row at most once in the whole run, on every silo, even when a silo dies.</summary>
    Unique,
    /// <summary>Uniform over the rows, from the run's seed.</summary>
    Random,
    /// <summary>VU n gets row n (modulo the row count), wherever it runs.</summary>
    PerVu,
}

/// <summary>What a <see cref="DataMode.Unique"/> source does when every row was used.</summary>
public enum DataExhaustion
{
    /// <summary>The scenario ends (its VUs start no new iteration), counted and reported.</summary>
    Stop,
    /// <summary>Start again from the first row (each row at most once per round).</summary>
    Recycle,
    /// <summary>The run fails with its own exit code and message.</summary>
    Fail,
}
