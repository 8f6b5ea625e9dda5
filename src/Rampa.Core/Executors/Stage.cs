namespace Rampa.Core.Executors;

/// <summary>One stage of a ramping executor: reach <see cref="Target"/> (VUs or rate) linearly over <see cref="Duration"/>.</summary>
public readonly record struct Stage(TimeSpan Duration, long Target);
