namespace Rampa.Silo;

/// <summary>
/// A bad silo option or environment variable: reported as one line naming the option and the value, exit 104.
/// </summary>
public sealed class SiloOptionsException(string message) : Exception(message);
