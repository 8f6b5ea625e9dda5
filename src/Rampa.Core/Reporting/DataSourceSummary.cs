namespace Rampa.Core.Reporting;

/// <summary>
/// One data source as the run used it: its file, mode and rows, and for the coordinated modes (sequential, unique) the
/// rows handed out and used (as the silos reported), lost with a dead silo, the completed rounds, and whether a unique
/// source ran out. <see cref="Used"/> is null for random and perVu sources, which have no coordinator to count.
/// </summary>
public sealed record DataSourceSummary(string Name, string File, string Mode, long Rows, long? Used, long Lost, long Wraps, bool Exhausted);
