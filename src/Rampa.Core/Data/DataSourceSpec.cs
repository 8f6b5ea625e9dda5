using Rampa.Core.Scenarios;

namespace Rampa.Core.Data;

/// <summary>When a VU takes a new row of a source.</summary>
public enum DataPer
{
    /// <summary>A row per iteration: the same row for every use within the iteration.</summary>
    Iteration,
    /// <summary>A row per VU, kept for all its iterations.</summary>
    Vu,
}

/// <summary>One entry of the scenario file's <c>data:</c> section, as written and where.</summary>
public sealed record DataSourceSpec
{
    public required string Name { get; init; }
    /// <summary>The file as written (relative to the scenario file).</summary>
    public required string File { get; init; }
    public DataMode Mode { get; init; } = DataMode.Sequential;
    public DataExhaustion OnExhausted { get; init; } = DataExhaustion.Stop;
    public DataPer Per { get; init; } = DataPer.Iteration;
    public required SourceLocation At { get; init; }
}
