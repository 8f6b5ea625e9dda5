using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Rampa.Core.Time;

namespace Rampa.Silo;

/// <summary>
/// Everything a Rampa silo process needs, from its command line and environment. Each option has an environment
/// variable (listed in <see cref="Usage"/>); the command line wins. Parsing does no I/O and throws
/// <see cref="SiloOptionsException"/> naming the option and the value.
/// </summary>
public sealed partial record RampaSiloOptions
{
    /// <summary>Where membership, grain state and artifacts live (<c>--storage</c>, <c>RAMPA_STORAGE</c>).</summary>
    public required StorageAccount Storage { get; init; }

    /// <summary>The cluster's id (<c>--cluster-id</c>, <c>RAMPA_CLUSTER_ID</c>): silos with the same one form one cluster.</summary>
    public required string ClusterId { get; init; }

    /// <summary>The service id (<c>--service-id</c>, <c>RAMPA_SERVICE_ID</c>): the key of persisted grain state across clusters.</summary>
    public string ServiceId { get; init; } = "rampa";

    /// <summary>Silo-to-silo port; 0 picks a free one (<c>--silo-port</c>, <c>RAMPA_SILO_PORT</c>).</summary>
    public int SiloPort { get; init; }

    /// <summary>Client gateway port; 0 picks a free one (<c>--gateway-port</c>, <c>RAMPA_GATEWAY_PORT</c>).</summary>
    public int GatewayPort { get; init; }

    /// <summary>The address other silos and clients reach this one at (<c>--advertise</c>, <c>RAMPA_ADVERTISED_IP</c>).</summary>
    public IPAddress AdvertisedIp { get; init; } = IPAddress.Loopback;

    /// <summary>The silo's name in the membership table; null lets Orleans make one (<c>--name</c>, <c>RAMPA_SILO_NAME</c>).</summary>
    public string? SiloName { get; init; }

    /// <summary>Local folder for run artifacts before they are uploaded (<c>--out-dir</c>, <c>RAMPA_OUT_DIR</c>).</summary>
    public string OutDir { get; init; } = "rampa-results";

    public FailureDetection FailureDetection { get; init; } = FailureDetection.Fast;

    /// <summary>How long the silo may take to join before the process gives up (<c>--start-timeout</c>).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a graceful stop may take before the process exits anyway (<c>--shutdown-timeout</c>).</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(20);

    public LogLevel LogLevel { get; init; } = LogLevel.Warning;

    /// <summary>Port of the HTTP health endpoint for a platform's probes; 0 = none (<c>--health-port</c>, <c>RAMPA_HEALTH_PORT</c>).</summary>
    public int HealthPort { get; init; }

    /// <summary>
    /// How long a start may keep retrying while storage answers 403 (<c>--permission-wait</c>,
    /// <c>RAMPA_PERMISSION_WAIT</c>); null = the default: 4 min when signing in with Entra ID (role assignments
    /// made by the same deployment take minutes to apply), none with a connection string (a 403 there is a wrong key).
    /// </summary>
    public TimeSpan? PermissionWait { get; init; }

    /// <summary><see cref="PermissionWait"/> or its default for this storage.</summary>
    public TimeSpan EffectivePermissionWait =>
        PermissionWait ?? (Storage.UsesDefaultAzureCredential ? TimeSpan.FromMinutes(4) : TimeSpan.Zero);

    /// <summary>
    /// The telemetry exporters (<c>--out KIND[=VALUE]</c>, repeatable: otlp, azure-monitor, prometheus; plus those
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> and <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> turn on): the silo exports
    /// the runs it orchestrates.
    /// </summary>
    public IReadOnlyList<Rampa.Telemetry.ITelemetryExporter> Telemetry { get; init; } = [];

    public bool Help { get; init; }

    public const string Usage = """
        usage: rampa silo --storage STORAGE --cluster-id ID [options]

        Runs one Orleans silo of a multi-process Rampa cluster until SIGTERM or Ctrl-C. Silos that share the storage
        account and the cluster id form one cluster (membership in Azure Table storage, table OrleansSiloInstances).

          --storage STORAGE          RAMPA_STORAGE          an Azure Storage connection string (Azurite's full one with
                                                            BlobEndpoint and TableEndpoint, or UseDevelopmentStorage=true),
                                                            or https://ACCOUNT.blob.core.windows.net, or the bare account
                                                            name; the last two sign in with DefaultAzureCredential
          --cluster-id ID            RAMPA_CLUSTER_ID       required; use a fresh one per local cluster
          --service-id ID            RAMPA_SERVICE_ID       default rampa
          --silo-port PORT           RAMPA_SILO_PORT        silo-to-silo port; 0 or absent = a free port
          --gateway-port PORT        RAMPA_GATEWAY_PORT     client gateway port; 0 or absent = a free port
          --advertise IP             RAMPA_ADVERTISED_IP    the address other silos reach this one at; default 127.0.0.1
                                                            (any other address also listens on all interfaces)
          --name NAME                RAMPA_SILO_NAME        the silo's name in the membership table
          --out-dir DIR              RAMPA_OUT_DIR          local artifact folder; default rampa-results
          --failure-detection MODE   RAMPA_FAILURE_DETECTION  fast (default: a dead silo is noticed in ~5 s) or orleans
                                                            (Orleans' defaults, ~12 s or more)
          --start-timeout DURATION   RAMPA_START_TIMEOUT    give up joining after this long; default 30s
          --shutdown-timeout DURATION RAMPA_SHUTDOWN_TIMEOUT a graceful stop's bound; default 20s
          --log-level LEVEL          RAMPA_LOG_LEVEL        Orleans' log level on stderr; default Warning
          --health-port PORT         RAMPA_HEALTH_PORT      HTTP health endpoint on all interfaces: /healthz/startup
                                                            and /healthz/ready answer 200 once this silo is Active in
                                                            the membership table, 503 before; default none
          --permission-wait DURATION RAMPA_PERMISSION_WAIT  retry a start while storage answers 403 (role assignments
                                                            still propagating), backing off 2 s to 30 s, for at most
                                                            this long; default 4m with Entra ID sign-in, 0 with a
                                                            connection string
          --out KIND[=VALUE]                                telemetry of the runs this silo orchestrates, repeatable:
                                                            otlp[=URL], azure-monitor[=CONNECTION_STRING],
                                                            prometheus[=ADDRESS:PORT] (default 127.0.0.1:9464);
                                                            OTEL_EXPORTER_OTLP_ENDPOINT turns on otlp and
                                                            APPLICATIONINSIGHTS_CONNECTION_STRING azure-monitor
          -h, --help

        Exit codes: 0 stopped cleanly, 104 bad option, 97 the silo could not start or stopped with an error.
        """;

    /// <summary>Reads the options from <paramref name="args"/> (without the <c>silo</c> command) and the environment.</summary>
    public static RampaSiloOptions Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var outs = new List<string>();
        var given = ReadCommandLine(args, outs);
        if (given.ContainsKey("--help"))
            return new RampaSiloOptions { Storage = StorageAccount.None, ClusterId = "", Help = true };

        (string Option, string Value)? Get(string option, string variable)
        {
            if (given.TryGetValue(option, out var value)) return (option, value);
            var fromEnv = environment(variable);
            return string.IsNullOrWhiteSpace(fromEnv) ? null : (variable, fromEnv);
        }

        var storage = Get("--storage", "RAMPA_STORAGE")
                      ?? throw new SiloOptionsException("--storage (or RAMPA_STORAGE) is required: an Azure Storage connection string or account endpoint");
        var clusterId = Get("--cluster-id", "RAMPA_CLUSTER_ID")
                        ?? throw new SiloOptionsException("--cluster-id (or RAMPA_CLUSTER_ID) is required, e.g. --cluster-id rampa-local-1");
        var options = new RampaSiloOptions
        {
            Storage = StorageAccount.Parse(storage.Option, storage.Value),
            ClusterId = Id(clusterId),
        };
        if (Get("--service-id", "RAMPA_SERVICE_ID") is { } serviceId) options = options with { ServiceId = Id(serviceId) };
        if (Get("--silo-port", "RAMPA_SILO_PORT") is { } siloPort) options = options with { SiloPort = Port(siloPort) };
        if (Get("--gateway-port", "RAMPA_GATEWAY_PORT") is { } gatewayPort) options = options with { GatewayPort = Port(gatewayPort) };
        if (Get("--advertise", "RAMPA_ADVERTISED_IP") is { } advertise) options = options with { AdvertisedIp = Address(advertise) };
        if (Get("--name", "RAMPA_SILO_NAME") is { } name) options = options with { SiloName = Id(name) };
        if (Get("--out-dir", "RAMPA_OUT_DIR") is { } outDir) options = options with { OutDir = outDir.Value };
        if (Get("--failure-detection", "RAMPA_FAILURE_DETECTION") is { } detection) options = options with { FailureDetection = Detection(detection) };
        if (Get("--start-timeout", "RAMPA_START_TIMEOUT") is { } start) options = options with { StartTimeout = Duration(start) };
        if (Get("--shutdown-timeout", "RAMPA_SHUTDOWN_TIMEOUT") is { } stop) options = options with { ShutdownTimeout = Duration(stop) };
        if (Get("--log-level", "RAMPA_LOG_LEVEL") is { } level) options = options with { LogLevel = Level(level) };
        if (Get("--health-port", "RAMPA_HEALTH_PORT") is { } health) options = options with { HealthPort = Port(health) };
        if (Get("--permission-wait", "RAMPA_PERMISSION_WAIT") is { } wait) options = options with { PermissionWait = DurationOrZero(wait) };
        options = options with { Telemetry = ReadTelemetry(outs, environment) };
        if (options.SiloPort != 0 && options.SiloPort == options.GatewayPort)
            throw new SiloOptionsException($"--silo-port and --gateway-port are both {options.SiloPort}: they must differ");
        if (options.HealthPort != 0 && (options.HealthPort == options.SiloPort || options.HealthPort == options.GatewayPort))
            throw new SiloOptionsException($"--health-port {options.HealthPort} is also the silo or gateway port: they must differ");
        return options;
    }

    private static readonly string[] ValueOptions =
    [
        "--storage", "--cluster-id", "--service-id", "--silo-port", "--gateway-port", "--advertise", "--name", "--out-dir",
        "--failure-detection", "--start-timeout", "--shutdown-timeout", "--log-level", "--health-port", "--permission-wait",
    ];

    private static List<Rampa.Telemetry.ITelemetryExporter> ReadTelemetry(List<string> outs, Func<string, string?> environment)
    {
        var exporters = new List<Rampa.Telemetry.ITelemetryExporter>();
        var kinds = new List<string>();
        try
        {
            foreach (var text in outs)
            {
                var eq = text.IndexOf('=');
                var (name, value) = eq < 0 ? (text, (string?)null) : (text[..eq], text[(eq + 1)..]);
                var kind = Rampa.Telemetry.TelemetryKinds.Find(name) ?? throw new SiloOptionsException(
                    $"--out {text}: unknown output '{name}' (expected one of: {string.Join(", ", Rampa.Telemetry.TelemetryKinds.All.Select(k => k.Usage))})");
                exporters.Add(kind.Create("--out", value, environment));
                kinds.Add(kind.Name);
            }
            exporters.AddRange(Rampa.Telemetry.TelemetryKinds.FromEnvironment(kinds, environment));
        }
        catch (Rampa.Telemetry.TelemetryConfigException e)
        {
            throw new SiloOptionsException(e.Message);
        }
        return exporters;
    }

    private static Dictionary<string, string> ReadCommandLine(IReadOnlyList<string> args, List<string> outs)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                given["--help"] = "";
                continue;
            }
            var eq = arg.IndexOf('=');
            var name = arg.StartsWith("--", StringComparison.Ordinal) && eq > 0 ? arg[..eq] : arg;
            if (name is "--out" or "-o")
            {
                // Repeatable; `--out prometheus=ADDR` keeps its own '=' after the option's.
                if (eq > 0 && name == arg[..eq]) outs.Add(arg[(eq + 1)..]);
                else if (i + 1 < args.Count) outs.Add(args[++i]);
                else throw new SiloOptionsException($"option {name} needs a value");
                continue;
            }
            if (!ValueOptions.Contains(name))
                throw new SiloOptionsException(arg.StartsWith('-')
                    ? $"unknown option '{name}' for rampa silo (see rampa silo --help)"
                    : $"unexpected argument '{arg}': rampa silo takes options only (see rampa silo --help)");
            string value;
            if (eq > 0 && name != arg) value = arg[(eq + 1)..];
            else if (i + 1 < args.Count) value = args[++i];
            else throw new SiloOptionsException($"option {name} needs a value");
            if (!given.TryAdd(name, value)) throw new SiloOptionsException($"option {name} is given twice");
        }
        return given;
    }

    // Cluster and service ids become Azure Table partition keys and blob names: keep them to a safe alphabet.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex SafeId();

    private static string Id((string Option, string Value) given) =>
        SafeId().IsMatch(given.Value)
            ? given.Value
            : throw new SiloOptionsException(
                $"{given.Option} '{given.Value}' is not valid: use 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");

    private static int Port((string Option, string Value) given) =>
        int.TryParse(given.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new SiloOptionsException($"{given.Option} '{given.Value}' is not a port: expected 0 (a free port) to 65535");

    private static IPAddress Address((string Option, string Value) given) =>
        IPAddress.TryParse(given.Value, out var ip) && !ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any)
            ? ip
            : throw new SiloOptionsException($"{given.Option} '{given.Value}' is not an IP address other silos can reach, e.g. 127.0.0.1 or 10.0.0.4");

    private static FailureDetection Detection((string Option, string Value) given) =>
        given.Value.ToLowerInvariant() switch
        {
            "fast" => FailureDetection.Fast,
            "orleans" => FailureDetection.Orleans,
            _ => throw new SiloOptionsException($"{given.Option} '{given.Value}' is not valid: expected fast or orleans"),
        };

    private static TimeSpan Duration((string Option, string Value) given) =>
        DurationFormat.TryParse(given.Value, out var d) && d > TimeSpan.Zero
            ? d
            : throw new SiloOptionsException($"{given.Option} '{given.Value}' is not a positive duration, e.g. 30s or 1m");

    private static TimeSpan DurationOrZero((string Option, string Value) given) =>
        given.Value.Trim() == "0" ? TimeSpan.Zero
        : DurationFormat.TryParse(given.Value, out var d) && d >= TimeSpan.Zero
            ? d
            : throw new SiloOptionsException($"{given.Option} '{given.Value}' is not a duration, e.g. 0, 30s or 4m");

    private static LogLevel Level((string Option, string Value) given) =>
        Enum.TryParse<LogLevel>(given.Value, ignoreCase: true, out var level) && Enum.IsDefined(level) && !int.TryParse(given.Value, out _)
            ? level
            : throw new SiloOptionsException(
                $"{given.Option} '{given.Value}' is not a log level: expected Trace, Debug, Information, Warning, Error, Critical or None");
}
