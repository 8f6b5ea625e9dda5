namespace Rampa.Cli;

internal static class HelpText
{
    public const string Usage = """
        rampa: load testing on Orleans, from a laptop to a fleet.

        Usage:
          rampa run FILE [options]      run a scenario file on the embedded single-process cluster
          rampa validate FILE [options] check a scenario file without running it
          rampa demo [options]          serve the demo target (-p PORT, default a free one) and run the bundled quickstart
          rampa target [-p PORT]        serve the demo target on 127.0.0.1 (default port 5080) until Ctrl-C
          rampa version                 print the version

        Run options (run, validate, demo):
          -u, --vus N               VUs for a file without `scenarios` (k6's shortcut)
          -d, --duration D          duration for a file without `scenarios` (e.g. 30s, 1m30s)
          -i, --iterations N        iterations for a file without `scenarios`
          -e, --env NAME=VALUE      sets {{env.NAME}} (repeatable; wins over the process environment)
              --base-url URL        replaces the file's baseUrl
              --summary-export FILE also writes summary.json to FILE
              --out-dir DIR         where run folders go (default ./rampa-results)
          -q, --quiet               no live progress line
              --no-color            no colours in the summary

        Exit codes: 0 passed, 99 thresholds failed, 104 invalid scenario or options,
                    105 interrupted (Ctrl-C/SIGTERM), 97 the cluster or the run failed.
        """;
}
