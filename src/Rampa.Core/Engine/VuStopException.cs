namespace Rampa.Core.Engine;

/// <summary>
/// Thrown inside an iteration when the VU must not go on (a unique data source ran out): the iteration ends unrecorded,
/// and the VU starts no new one. Not a failure of the iteration.
/// </summary>
public sealed class VuStopException(string reason) : Exception(reason);
