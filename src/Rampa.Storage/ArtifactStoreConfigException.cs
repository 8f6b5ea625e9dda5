namespace Rampa.Storage;

/// <summary>
/// A store setting or run URL that cannot be used. The message is written for the user (it names the value,
/// with any account key or SAS hidden) and is meant to be printed as it is, without a stack trace.
/// </summary>
public sealed class ArtifactStoreConfigException : Exception
{
    public ArtifactStoreConfigException(string message) : base(message) { }

    public ArtifactStoreConfigException(string message, Exception inner) : base(message, inner) { }
}
