namespace Rampa.Sdk;

/// <summary>Thrown by <see cref="Worker.Abort"/> to leave the iteration; the engine stops the run with exit 108. Do not catch it.</summary>
public sealed class RunAbortedException(string reason) : Exception($"the run was aborted: {reason}")
{
    public string Reason { get; } = reason;
}
