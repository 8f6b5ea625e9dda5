namespace Rampa.Cli;

/// <summary>
/// Every option of the commands parsed here (<c>rampa silo</c> has its own, in Rampa.Silo). A command picks the ones it
/// takes in <see cref="CliCommands"/>, and may reword one for itself with <c>with { Help = ... }</c>.
/// </summary>
public static class CliOptions
{
    public static readonly CliOption Help = new()
    {
        Long = "--help", Short = "-h", Help = "print this help",
        Apply = (a, _, _) => a with { Help = true },
    };

    public static readonly CliOption Vus = new()
    {
        Long = "--vus", Short = "-u", Value = "N", Help = "VUs, for a file without `scenarios` (k6's shortcut form)",
        Apply = (a, name, v) => a with { Vus = (int)CliValues.PositiveInt(name, v, int.MaxValue) },
    };

    public static readonly CliOption Duration = new()
    {
        Long = "--duration", Short = "-d", Value = "D", Help = "duration, for a file without `scenarios` (30s, 1m30s, ...)",
        Apply = (a, name, v) => a with { Duration = CliValues.Duration(name, v) },
    };

    public static readonly CliOption Iterations = new()
    {
        Long = "--iterations", Short = "-i", Value = "N", Help = "iterations shared by the VUs, for a file without `scenarios`",
        Apply = (a, name, v) => a with { Iterations = CliValues.PositiveInt(name, v, long.MaxValue) },
    };

    public static readonly CliOption Env = new()
    {
        Long = "--env", Short = "-e", Value = "NAME=VALUE",
        Help = "sets {{env.NAME}}; repeatable; wins over the process environment (a scenario's own `env:` wins over it)",
        Apply = (a, name, v) =>
        {
            var (key, value) = CliValues.NameValue(name, v);
            a.Env[key] = value;
            return a;
        },
    };

    public static readonly CliOption BaseUrl = new()
    {
        Long = "--base-url", Value = "URL", Help = "replaces the file's baseUrl (an absolute http/https URL)",
        Apply = (a, name, v) => a with { BaseUrl = CliValues.HttpUrl(name, v) },
    };

    public static readonly CliOption SummaryExport = new()
    {
        Long = "--summary-export", Value = "FILE", Help = "also writes summary.json to FILE",
        Apply = (a, _, v) => a with { SummaryExport = v },
    };

    public static readonly CliOption OutDir = new()
    {
        Long = "--out-dir", Value = "DIR", Help = "where run folders go", Default = "./rampa-results",
        Apply = (a, _, v) => a with { OutDir = v },
    };

    public static readonly CliOption ArtifactsBlob = new()
    {
        Long = "--artifacts-blob", Value = "S",
        Help = "also upload the artifacts to Azure Blob storage, under runs/<run-id>/: a connection string (Azurite: " +
               "UseDevelopmentStorage=true) or https://ACCOUNT.blob.core.windows.net (signed in with DefaultAzureCredential)",
        EnvVar = "RAMPA_ARTIFACTS_BLOB",
        Apply = (a, name, v) => a with { ArtifactsBlob = CliValues.NonEmpty(name, v) },
    };

    public static readonly CliOption ArtifactsContainer = new()
    {
        Long = "--artifacts-container", Value = "NAME", Help = "the blob container; created if missing",
        EnvVar = "RAMPA_ARTIFACTS_CONTAINER", Default = "rampa",
        Apply = (a, name, v) => a with { ArtifactsContainer = CliValues.NonEmpty(name, v) },
    };

    public static readonly CliOption Cluster = new()
    {
        Long = "--cluster", Value = "S",
        Help = "run on the remote cluster that watches storage account S (a connection string, e.g. Azurite's, or " +
               "https://ACCOUNT.blob.core.windows.net with DefaultAzureCredential) instead of the embedded one",
        EnvVar = "RAMPA_CLUSTER",
        Apply = (a, name, v) => a with { Cluster = CliValues.NonEmpty(name, v) },
    };

    public static readonly CliOption TrendStats = new()
    {
        Long = "--trend-stats", Value = "LIST",
        Help = "the Trend statistics to show, e.g. avg,p(95),p(99.9), read again from the stored histograms",
        Default = "the run's summaryTrendStats",
        Apply = (a, name, v) => a with { TrendStats = CliValues.TrendStats(name, v) },
    };

    public static readonly CliOption Out = new()
    {
        Long = "--out", Short = "-o", Value = "KIND[=VALUE]",
        Help = "a live output, repeatable: " + string.Join("; ", Live.OutputKinds.All.Select(k => $"{k.Usage}: {k.Help}")),
        Apply = (a, name, v) =>
        {
            a.Outs.Add(Live.OutputKinds.Parse(name, v));
            return a;
        },
    };

    public static readonly CliOption Quiet = new()
    {
        Long = "--quiet", Short = "-q", Help = "no live view or progress line (one-off alerts and warnings still print)",
        Apply = (a, _, _) => a with { Quiet = true },
    };

    public static readonly CliOption NoColor = new()
    {
        Long = "--no-color", Help = "no colours in the summary, and plain progress lines instead of the live view (both also when stdout is not a terminal)",
        Apply = (a, _, _) => a with { NoColor = true },
    };

    public static readonly CliOption StrictThresholds = new()
    {
        Long = "--strict-thresholds",
        Help = "a threshold whose metric or sub-metric received no samples fails the run (exit 99) instead of being marked '?'",
        Apply = (a, _, _) => a with { StrictThresholds = true },
    };

    public static readonly CliOption FailOnSaturation = new()
    {
        Long = "--fail-on-saturation",
        Help = "a run that passed but whose load generator was saturated (verdict inconclusive) exits with 110 instead of 0",
        Apply = (a, _, _) => a with { FailOnSaturation = true },
    };

    public static readonly CliOption Code = new()
    {
        Long = "--code", Value = "PATH",
        Help = "the C# scenarios a YAML file's `exec:` names: a project folder, a .csproj (built first) or a built .dll",
        Apply = (a, _, v) => a with { Code = v },
    };

    public static readonly CliOption GrpcPort = new()
    {
        Long = "--grpc-port", Value = "N", Help = "also serve the demo gRPC service (rampa.demo.Greeter, h2c, with reflection) on this port of 127.0.0.1",
        Apply = (a, name, v) => a with { GrpcPort = (int)CliValues.PositiveInt(name, v, 65535) },
    };

    public static readonly CliOption Port = new()
    {
        Long = "--port", Short = "-p", Value = "N", Help = "the demo target's port on 127.0.0.1",
        Apply = (a, name, v) => a with { Port = (int)CliValues.PositiveInt(name, v, 65535) },
    };

    public static readonly CliOption HttpsPort = new()
    {
        Long = "--https-port", Value = "N",
        Help = "the demo target's HTTPS port on 127.0.0.1: HTTP/1.1 and HTTP/2 (ALPN) with a self-signed certificate made at start",
        Apply = (a, name, v) => a with { HttpsPort = (int)CliValues.PositiveInt(name, v, 65535) },
    };

    public static readonly CliOption H2cPort = new()
    {
        Long = "--h2c-port", Value = "N", Help = "the demo target's cleartext HTTP/2 (h2c, prior knowledge) port on 127.0.0.1",
        Apply = (a, name, v) => a with { H2cPort = (int)CliValues.PositiveInt(name, v, 65535) },
    };
}
