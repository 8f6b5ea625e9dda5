namespace Rampa.Sdk;

/// <summary>
/// Run options of a scenario assembly, as the top of a YAML file: <c>[assembly: RampaOptions(BaseUrl = "http://127.0.0.1:5181")]</c>.
/// The command line wins (<c>--base-url</c>, <c>--strict-thresholds</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false, Inherited = false)]
public sealed class RampaOptionsAttribute : Attribute
{
    /// <summary>The test's name, shown in the summary and reports.</summary>
    public string? Name { get; set; }
    /// <summary>Relative request URLs resolve against it.</summary>
    public string? BaseUrl { get; set; }
    /// <summary>The run's seed (every random choice derives from it); drawn at random when not set.</summary>
    public long Seed { get; set; }
    /// <summary>Default request timeout, e.g. "10s" (60s when not set).</summary>
    public string? Timeout { get; set; }
    /// <summary>A threshold whose metric received no samples fails the run.</summary>
    public bool StrictThresholds { get; set; }
    /// <summary>Do not verify TLS certificates (YAML's <c>insecureSkipTLSVerify</c>): for a target with a self-signed certificate.</summary>
    public bool InsecureSkipTlsVerify { get; set; }
    /// <summary>Trend statistics shown in the summary, e.g. <c>new[] { "avg", "p(95)", "p(99)" }</c>.</summary>
    public string[]? SummaryTrendStats { get; set; }
}
