namespace Rampa.Cli;

/// <summary>
/// The commands <see cref="CliArguments"/> parses, with their options, help text and examples: the one place to add a
/// command or give one an option. <c>rampa silo</c> is listed in the usage but parses its own options (Rampa.Silo).
/// </summary>
public static class CliCommands
{
    private static readonly IReadOnlyList<(int Code, string Meaning)> RunExitCodes =
    [
        (0, "the run finished and every threshold passed"),
        (99, "a threshold failed, or an abortOnFail threshold stopped the run (the summary is still written)"),
        (104, "invalid scenario file or options: nothing was started"),
        (105, "interrupted by Ctrl-C or SIGTERM (the partial summary is still written)"),
        (97, "the cluster or the run failed"),
        (107, "C# scenarios: the project does not compile, or the [Setup]/[Teardown] threw"),
        (108, "C# scenarios: worker.Abort stopped the run (the summary is still written)"),
        (109, "a unique data source with onExhausted: fail ran out of rows (the summary is still written)"),
        (110, "with --fail-on-saturation: the run passed but the load generator was saturated (verdict inconclusive)"),
    ];

    public static readonly CliCommand Run = new()
    {
        Name = "run",
        Argument = "FILE|PROJECT",
        Summary = "run a YAML file or C# project on the embedded cluster (--cluster S: on a remote one)",
        Details = "Prints a live progress line, then a k6-style summary, and writes summary.json, metrics.csv, report.html " +
                  "and junit.xml to --out-dir/<run-id>/. --vus, --duration and --iterations are for a file without " +
                  "`scenarios` only; as in k6, --duration or --iterations replaces the file's executor and --vus only the VU " +
                  "count. The first Ctrl-C stops the run and still writes the partial summary; a second one quits at once.",
        Options =
        [
            CliOptions.Vus, CliOptions.Duration, CliOptions.Iterations, CliOptions.Env, CliOptions.BaseUrl,
            CliOptions.SummaryExport, CliOptions.OutDir, CliOptions.ArtifactsBlob, CliOptions.ArtifactsContainer,
            CliOptions.Cluster, CliOptions.StrictThresholds, CliOptions.FailOnSaturation, CliOptions.Code, CliOptions.Out, CliOptions.Quiet,
            CliOptions.NoColor,
        ],
        Examples =
        [
            "rampa run examples/quickstart.yaml --base-url http://127.0.0.1:8080 -q --summary-export out/summary.json",
            "rampa run MyLoadTests/                          # a C# project: built, its [Scenario] methods run",
            "rampa run plan.yaml --code MyLoadTests/         # YAML scenarios whose exec: names C# methods",
            "rampa run smoke.yaml -u 20 -d 1m -e TOKEN=abc    # a file without `scenarios`: 20 VUs for 1 minute",
            "rampa run api.yaml --out json=live.jsonl        # and, in another terminal: tail -f live.jsonl",
        ],
        ExitCodes = RunExitCodes,
    };

    public static readonly CliCommand Validate = new()
    {
        Name = "validate",
        Argument = "FILE|PROJECT",
        Summary = "check a YAML file or C# project without running it",
        Details = "Reports every problem at once, each as file:line:col: key: message, with the options applied as `run` " +
                  "would apply them. A valid file prints its scenarios and the number of thresholds.",
        Options = [CliOptions.Vus, CliOptions.Duration, CliOptions.Iterations, CliOptions.Env, CliOptions.BaseUrl, CliOptions.Code],
        Examples =
        [
            "rampa validate examples/full.yaml               # valid; 6 scenario(s): ...; 14 threshold(s)",
            "rampa validate api.yaml -e TOKEN=abc",
        ],
        ExitCodes = [(0, "the file is valid"), (104, "invalid file or options: every problem is printed"), (107, "the C# project does not compile")],
    };

    public static readonly CliCommand Demo = new()
    {
        Name = "demo",
        Summary = "serve the demo target and run the bundled quickstart against it",
        UnexpectedArgument = file => $"'demo' runs the bundled quickstart and takes no scenario file (got '{file}'); use 'rampa run {file}'",
        Details = "Starts the demo target (a small HTTP server on 127.0.0.1), runs quickstart.yaml against it (10 VUs for " +
                  "10 seconds) on the embedded cluster, prints the summary and writes the artifacts, like `rampa run`.",
        Options =
        [
            CliOptions.Port with { Default = "a free port" }, CliOptions.HttpsPort with { Default = "a free port" },
            CliOptions.H2cPort with { Default = "a free port" }, CliOptions.SummaryExport, CliOptions.OutDir,
            CliOptions.ArtifactsBlob, CliOptions.ArtifactsContainer, CliOptions.Out, CliOptions.Quiet, CliOptions.NoColor,
        ],
        Examples = ["rampa demo", "rampa demo -p 5080 --out-dir /tmp/rampa-results"],
        ExitCodes = RunExitCodes,
    };

    public static readonly CliCommand Target = new()
    {
        Name = "target",
        Summary = "serve the demo target on 127.0.0.1 until Ctrl-C or SIGTERM",
        Details = "Routes: GET|HEAD / and /json, GET /health, GET /delay/{ms}, ANY /status/{code}, GET|HEAD|PUT|PATCH|DELETE " +
                  "/items/{id}, POST|PUT|PATCH /echo, ANY /flaky/{key}?failures=N, GET /bytes/{n}, GET /stats, " +
                  "POST /stats/reset, GET|POST /sse?events=N&delayMs=D&done=true&stallAfter=K (Server-Sent Events), " +
                  "GET /stats/sse, OPTIONS on any route. The same routes over HTTPS (HTTP/1.1 and HTTP/2 by ALPN, a " +
                  "self-signed certificate made at start: use insecureSkipTLSVerify: true) on --https-port, and over " +
                  "cleartext HTTP/2 (http: h2c) on --h2c-port. With --grpc-port, the demo gRPC service too.",
        Options = [CliOptions.Port with { Default = "5080" }, CliOptions.HttpsPort with { Default = "5443" }, CliOptions.H2cPort with { Default = "5082" }, CliOptions.GrpcPort],
        Examples =
        [
            "rampa target -p 8080 &",
            "rampa run examples/full.yaml --base-url http://127.0.0.1:8080",
            "rampa run examples/http2.yaml",
        ],
        ExitCodes = [(0, "stopped by Ctrl-C or SIGTERM"), (97, "it could not start (e.g. the port is taken)")],
    };

    public static readonly CliCommand New = new()
    {
        Name = "new",
        Argument = "NAME",
        Summary = "create a C# scenario project in folder NAME (builds offline against this rampa's SDK)",
        Details = "Writes NAME/NAME.csproj (net10.0, referencing the Rampa.Sdk.dll installed beside rampa), NAME/Scenarios.cs " +
                  "(a constant-vus scenario doing GET / against http://127.0.0.1:5181, with a check and thresholds) and " +
                  "NAME/README.md. NAME is letters, digits, '_' and '.', starting with a letter; the folder must not exist or be empty.",
        Examples =
        [
            "rampa new LoadTests",
            "rampa target -p 5181 &",
            "rampa run LoadTests",
        ],
        ExitCodes = [(0, "created"), (104, "an invalid NAME, or the folder exists and is not empty")],
    };

    public static readonly CliCommand Report = new()
    {
        Name = "report",
        Argument = "RUN",
        Summary = "re-render a run's artifacts (summary, metrics.csv, report.html, junit.xml) from its summary.json",
        Details = "RUN is a run id (looked up under --out-dir, else fetched from --artifacts-blob), a run folder, a " +
                  "summary.json file, or the run's blob URL (downloaded into --out-dir/<run-id>/). summary.json itself is " +
                  "never rewritten.",
        Options =
        [
            CliOptions.TrendStats,
            CliOptions.OutDir with { Help = "where run ids are looked up and blob runs are downloaded to" },
            CliOptions.ArtifactsBlob with
            {
                Help = "the Azure Blob storage to fetch a run id from, when it is not under --out-dir (a connection string, " +
                       "which also signs a blob URL's download, or https://ACCOUNT.blob.core.windows.net)",
            },
            CliOptions.ArtifactsContainer with { Help = "the blob container" },
            CliOptions.NoColor,
        ],
        Examples =
        [
            "rampa report 20261125-030833-c3c1 --trend-stats \"avg,p(99),p(99.9)\"",
            "rampa report https://acct.blob.core.windows.net/rampa/runs/20261125-030833-c3c1/",
        ],
        ExitCodes = [(0, "re-rendered"), (104, "no such run, or its summary.json is damaged")],
    };

    public static readonly CliCommand Cluster = new()
    {
        Name = "cluster",
        Argument = "status",
        Summary = "the silos watching a cluster's storage and the runs in progress",
        Details = "Reads the silos' heartbeats and the run mailbox from the cluster's storage (it is not an Orleans client).",
        Options =
        [
            CliOptions.Cluster with
            {
                Help = "the cluster's storage account: a connection string (Azurite's, from artifacts/local-cluster/cluster.env) " +
                       "or https://ACCOUNT.blob.core.windows.net with DefaultAzureCredential; required",
            },
            CliOptions.ArtifactsContainer with { Help = "the container the silos use" },
        ],
        Examples = ["rampa cluster status --cluster \"$RAMPA_STORAGE\""],
        ExitCodes = [(0, "printed"), (104, "no --cluster, or a bad one"), (97, "the storage could not be read")],
    };

    public static readonly CliCommand Version = new()
    {
        Name = "version",
        Summary = "print the version (also: rampa --version)",
        Examples = ["rampa version                                  # rampa 0.1.0"],
    };

    public static readonly CliCommand HelpCommand = new()
    {
        Name = "help",
        Argument = "[COMMAND]",
        Summary = "print the usage, or a command's help (the same as rampa COMMAND --help)",
        Examples = ["rampa help run"],
    };

    /// <summary>Listed in the usage; its options are Rampa.Silo's own (<c>rampa silo --help</c>).</summary>
    public const string SiloName = "silo";
    public const string SiloSummary = "run one silo of a multi-process cluster until SIGTERM";

    /// <summary>The commands in the order the usage lists them.</summary>
    public static readonly IReadOnlyList<CliCommand> All = [Run, Validate, New, Demo, Target, Report, Cluster, Version, HelpCommand];

    public static CliCommand? Find(string name) => All.FirstOrDefault(c => c.Name == name);
}
