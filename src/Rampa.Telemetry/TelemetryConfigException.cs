namespace Rampa.Telemetry;

/// <summary>A telemetry option that cannot work (a malformed endpoint, a port in use): the message names the option and the value; exit 104 before any load.</summary>
public sealed class TelemetryConfigException(string message) : Exception(message);
