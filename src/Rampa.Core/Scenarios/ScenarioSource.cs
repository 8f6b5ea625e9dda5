using System.Security.Cryptography;
using System.Text;

namespace Rampa.Core.Scenarios;

/// <summary>
/// What the user handed in, exactly: the file's name and text plus command-line overrides. This, not the loaded
/// plan, is what travels to silos; each silo loads the same plan from it.
/// </summary>
public sealed record ScenarioSource
{
    public required string FileName { get; init; }
    public required string Text { get; init; }
    /// <summary><c>-e NAME=VALUE</c> values; they win over the process environment for <c>{{env.NAME}}</c>.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
    public RunOverrides Overrides { get; init; } = new();
    /// <summary>
    /// Where the <c>data:</c> files are on this machine when not beside <see cref="FileName"/> (a silo's copy of the
    /// run's bundle); null: relative to the scenario file.
    /// </summary>
    public string? DataRoot { get; init; }

    /// <summary>SHA-256 of the file's text, hex, lower case: identifies the scenario in run metadata.</summary>
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text)));
}

/// <summary>k6-style command-line overrides (<c>--vus</c>, <c>--duration</c>, <c>--iterations</c>).</summary>
public sealed record RunOverrides
{
    public int? Vus { get; init; }
    public TimeSpan? Duration { get; init; }
    public long? Iterations { get; init; }
    /// <summary><c>--base-url</c>: replaces the file's <c>baseUrl</c> (used by <c>rampa demo</c> to aim at the demo target's port).</summary>
    public Uri? BaseUrl { get; init; }
    /// <summary><c>--strict-thresholds</c>: as the file's <c>strictThresholds: true</c> (a threshold without samples fails).</summary>
    public bool StrictThresholds { get; init; }
    public bool Any => Vus is not null || Duration is not null || Iterations is not null;
}
