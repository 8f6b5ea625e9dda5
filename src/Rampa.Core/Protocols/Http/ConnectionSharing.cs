namespace Rampa.Core.Protocols.Http;

/// <summary>How the VUs of a scenario hold their HTTP/2 connections (<c>connections:</c> in YAML).</summary>
public enum ConnectionSharing : byte
{
    /// <summary>Each VU its own connection per origin (the default, as k6 and browsers do per user).</summary>
    PerVu,
    /// <summary>One pool per scenario per silo: the VUs multiplex their requests on the same connections.</summary>
    Shared,
}
