namespace Rampa.Cli;

internal static class HelpText
{
    public const string Usage = """
        rampa: load testing on Orleans, from a laptop to a fleet.

        Usage:
          rampa run FILE [options]      run a scenario file on the embedded single-process cluster, or with
                                        --cluster S on the remote cluster that watches storage S
          rampa validate FILE [options] check a scenario file without running it
          rampa demo [options]          serve the demo target (-p PORT, default a free one) and run the bundled quickstart
          rampa target [-p PORT]        serve the demo target on 127.0.0.1 (default port 5080) until Ctrl-C
          rampa report RUN [options]    re-render a run's artifacts from its summary.json; RUN is a run id (under
                                        --out-dir), a run folder, a summary.json file or the run's blob URL
          rampa cluster status --cluster S  the silos watching a cluster's storage and the runs in progress
          rampa silo [options]          run one silo of a multi-process cluster until SIGTERM (rampa silo --help)
          rampa version                 print the version

        Run options (run, validate, demo):
          -u, --vus N               VUs for a file without `scenarios` (k6's shortcut)
          -d, --duration D          duration for a file without `scenarios` (e.g. 30s, 1m30s)
          -i, --iterations N        iterations for a file without `scenarios`
          -e, --env NAME=VALUE      sets {{env.NAME}} (repeatable; wins over the process environment)
              --base-url URL        replaces the file's baseUrl
              --summary-export FILE also writes summary.json to FILE
              --out-dir DIR         where run folders go (default ./rampa-results)
              --artifacts-blob S    also upload the artifacts to Azure Blob storage under runs/<run-id>/: an Azure
                                    Storage connection string (Azurite: UseDevelopmentStorage=true) or a blob endpoint
                                    https://ACCOUNT.blob.core.windows.net (signed in with DefaultAzureCredential);
                                    default $RAMPA_ARTIFACTS_BLOB
              --artifacts-container NAME  the blob container (default $RAMPA_ARTIFACTS_CONTAINER or rampa)
              --cluster S           run on a remote cluster through its storage account S (a connection string,
                                    e.g. Azurite's, or https://ACCOUNT.blob.core.windows.net); default $RAMPA_CLUSTER
              --strict-thresholds   a threshold whose metric got no samples (e.g. a tag typo) fails the run: exit 99
          -q, --quiet               no live progress line
              --no-color            no colours in the summary

        Report options:
              --trend-stats LIST    the Trend statistics to show, e.g. avg,p(95),p(99.9) (read from the stored
                                    histograms); --out-dir, --artifacts-blob and --artifacts-container as above

        Exit codes: 0 passed, 99 thresholds failed, 104 invalid scenario or options,
                    105 interrupted (Ctrl-C/SIGTERM), 97 the cluster or the run failed.
        """;
}
