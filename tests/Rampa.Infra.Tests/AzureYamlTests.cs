using System.Diagnostics;
using Rampa.Infra.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Rampa.Infra.Tests;

/// <summary>azure.yaml points azd at the right files (schema validity is RepositoryShapeTests' job), and its hooks run
/// for real with stand-in az/azd: the postdeploy roll, the orphan cleanup after a provision, the fleet check last.</summary>
public sealed class AzureYamlTests
{
    private static YamlMappingNode Root
    {
        get
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(File.ReadAllText(Repo.PathOf("azure.yaml"))));
            return (YamlMappingNode)yaml.Documents[0].RootNode;
        }
    }

    private static string Scalar(YamlNode node, params string[] path)
    {
        foreach (var key in path) node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        return ((YamlScalarNode)node).Value!;
    }

    [Fact]
    public void Infra_points_at_main_bicep()
    {
        Assert.Equal("rampa", Scalar(Root, "name"));
        Assert.Equal("bicep", Scalar(Root, "infra", "provider"));
        Assert.True(File.Exists(Repo.PathOf(Scalar(Root, "infra", "path"), Scalar(Root, "infra", "module") + ".bicep")));
    }

    [Fact]
    public void The_silo_service_builds_the_silo_dockerfile_from_the_repository_root()
    {
        Assert.Equal("src/Rampa.Silo", Scalar(Root, "services", "silo", "project"));
        Assert.Equal("dotnet", Scalar(Root, "services", "silo", "language"));
        Assert.Equal("containerapp", Scalar(Root, "services", "silo", "host"));
        // Docker paths are relative to the service's project folder.
        var project = Repo.PathOf("src", "Rampa.Silo");
        Assert.True(File.Exists(Path.GetFullPath(Path.Combine(project, Scalar(Root, "services", "silo", "docker", "path")))));
        Assert.Equal(Repo.Root.TrimEnd('/'), Path.GetFullPath(Path.Combine(project, Scalar(Root, "services", "silo", "docker", "context"))).TrimEnd('/'));
    }

    [Fact]
    public void The_service_name_matches_the_tag_silo_0_carries()
    {
        var services = (YamlMappingNode)Root.Children[new YamlScalarNode("services")];
        var name = Assert.Single(services.Children).Key.ToString();
        Assert.Contains($"createObject('value', '{name}')", Arm.Module("silos")["properties"]!["parameters"]!["serviceName"]!.ToString());
    }

    [Theory]
    [InlineData("postprovision", "infra/hooks/remove-orphans.sh")]
    [InlineData("postdeploy", "infra/hooks/roll-silos.sh")]
    [InlineData("postup", "infra/check-fleet.sh")]
    public void The_hooks_are_executable_sh_scripts(string hook, string script)
    {
        Assert.Equal("sh", Scalar(Root, "hooks", hook, "shell"));
        Assert.Equal(script, Scalar(Root, "hooks", hook, "run"));
        Assert.True(File.GetUnixFileMode(Repo.PathOf(script)).HasFlag(UnixFileMode.UserExecute), script + " must be executable");
    }

    [Fact]
    public void The_postdeploy_hook_rolls_the_image_with_azd_provision_in_the_same_environment()
    {
        using var tools = new StandInTools();
        tools.Add("azd", "echo \"$*\" >> \"$LOG\"");
        var run = tools.Run("infra/hooks/roll-silos.sh", new() { ["AZURE_ENV_NAME"] = "rampa-ci" });
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(["provision --no-prompt --environment rampa-ci"], tools.Log);
        Assert.Contains("one at a time", run.Stdout);
    }

    [Fact]
    public void The_postdeploy_hook_refuses_to_run_outside_azd()
    {
        using var tools = new StandInTools();
        var run = tools.Run("infra/hooks/roll-silos.sh", new());
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("AZURE_ENV_NAME", run.Stderr);
    }

    private static Dictionary<string, string> OrphanEnv(string count) => new()
    {
        ["AZURE_RESOURCE_GROUP"] = "rg-test",
        ["AZURE_SUBSCRIPTION_ID"] = "sub-1",
        ["RAMPA_RESOURCE_TOKEN"] = "tok",
        ["RAMPA_SILO_COUNT"] = count,
    };

    [Fact]
    public void The_postprovision_hook_deletes_the_silo_apps_beyond_the_count_and_nothing_else()
    {
        using var tools = new StandInTools();
        // `az containerapp list` answers this resource group's apps: 5 silos, another token's silo, another app.
        tools.Add("az", """
            echo "$*" >> "$LOG"
            case "$2" in
              list) printf 'ca-silo-0-tok\nca-silo-1-tok\nca-silo-2-tok\nca-silo-3-tok\nca-silo-4-tok\nca-silo-9-other\nmy-app\nca-silo-x-tok\n' ;;
            esac
            """);
        var run = tools.Run("infra/hooks/remove-orphans.sh", OrphanEnv("3"));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(
            [
                "containerapp list --resource-group rg-test --subscription sub-1 --query [].name --output tsv",
                "containerapp delete --resource-group rg-test --subscription sub-1 --name ca-silo-3-tok --yes --output none",
                "containerapp delete --resource-group rg-test --subscription sub-1 --name ca-silo-4-tok --yes --output none",
            ],
            tools.Log);
        Assert.Contains("2 silo app(s) beyond RAMPA_SILO_COUNT=3 removed", run.Stdout);
    }

    [Fact]
    public void The_postprovision_hook_never_fails_a_provision_without_the_azure_cli_or_signed_out()
    {
        using (var tools = new StandInTools())
        {
            var run = tools.Run("infra/hooks/remove-orphans.sh", OrphanEnv("2"), withoutAz: true);
            Assert.True(run.ExitCode == 0, run.Stderr);
            Assert.Contains("not checked (no Azure CLI)", run.Stdout);
            Assert.Contains("ca-silo-<i>-tok with i >= 2", run.Stdout);
        }
        using (var tools = new StandInTools())
        {
            tools.Add("az", "echo 'Please run az login' >&2; exit 1");
            var run = tools.Run("infra/hooks/remove-orphans.sh", OrphanEnv("2"));
            Assert.True(run.ExitCode == 0, run.Stderr);
            Assert.Contains("not checked (az containerapp list failed", run.Stdout);
        }
    }

    private static Dictionary<string, string> FleetEnv() => new()
    {
        ["AZURE_RESOURCE_GROUP"] = "rg-test",
        ["RAMPA_STORAGE_ACCOUNT"] = "sttest",
        ["RAMPA_CLUSTER_ID"] = "rampa-test",
        ["RAMPA_SILO_APPS"] = "ca-silo-0-t ca-silo-1-t",
        ["RAMPA_APPINSIGHTS_NAME"] = "appi-test",
        ["RAMPA_CHECK_WAIT"] = "0",
    };

    private static string FleetAz(string rows, string metricCount) => $$"""
        echo "$*" >> "$LOG"
        case "$1 $2" in
          "storage entity") printf '{{rows}}' ;;
          "monitor app-insights") echo {{metricCount}} ;;
          *) exit 2 ;;
        esac
        """;

    [Fact]
    public void The_fleet_check_passes_a_fleet_of_active_silos_in_one_cluster_with_telemetry()
    {
        using var tools = new StandInTools();
        // A dead row of an earlier revision is fine; every app has an Active row.
        tools.Add("az", FleetAz(@"rampa-test	ca-silo-0-t	Dead
rampa-test	ca-silo-0-t	Active
rampa-test	ca-silo-1-t	Active
", "42"));
        var run = tools.Run("infra/check-fleet.sh", FleetEnv());
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("PASS: every silo is Active in cluster rampa-test (2 apps", run.Stdout);
        Assert.Contains("PASS: one cluster id among the Active silos: rampa-test", run.Stdout);
        Assert.Contains("received 42 metric rows", run.Stdout);
        Assert.Contains(tools.Log, l => l.StartsWith("storage entity query --account-name sttest --table-name OrleansSiloInstances --auth-mode login", StringComparison.Ordinal));
    }

    [Fact]
    public void The_fleet_check_fails_a_missing_silo_and_a_second_cluster_id()
    {
        using var tools = new StandInTools();
        tools.Add("az", FleetAz(@"rampa-test	ca-silo-0-t	Active
rampa-old	ca-silo-1-t	Active
", "0"));
        var run = tools.Run("infra/check-fleet.sh", FleetEnv());
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("FAIL: not Active in cluster rampa-test after 0s: ca-silo-1-t", run.Stdout);
        Assert.Contains("FAIL: Active silos in several clusters: rampa-old rampa-test", run.Stdout);
        Assert.Contains("WARN: no metrics", run.Stdout);
    }

    [Fact]
    public void The_fleet_check_skips_and_succeeds_without_the_azure_cli()
    {
        using var tools = new StandInTools();
        var run = tools.Run("infra/check-fleet.sh", FleetEnv(), withoutAz: true);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("SKIP: no Azure CLI", run.Stdout);
    }

    /// <summary>
    /// A folder of stand-in command-line tools (az, azd) that record their arguments in $LOG, put first on PATH, so a
    /// hook script runs for real without Azure. <c>withoutAz</c> runs the script with a PATH that has no az at all.
    /// </summary>
    private sealed class StandInTools : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("rampa-hook-").FullName;

        private string LogPath => Path.Combine(_dir, "tools.log");

        public string[] Log => File.Exists(LogPath) ? File.ReadAllLines(LogPath) : [];

        public void Add(string name, string body)
        {
            var path = Path.Combine(_dir, name);
            File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        public (int ExitCode, string Stdout, string Stderr) Run(string script, Dictionary<string, string> environment, bool withoutAz = false)
        {
            var psi = new ProcessStartInfo("/bin/sh", [Repo.PathOf(script)]) { RedirectStandardOutput = true, RedirectStandardError = true };
            // Only the stand-ins and the basic tools the scripts use (sh, awk, sort, sed, tr, wc, sleep); never a real az.
            var bin = Path.Combine(_dir, "bin");
            Directory.CreateDirectory(bin);
            foreach (var tool in new[] { "awk", "sort", "sed", "tr", "wc", "sleep", "cat", "printf" })
            {
                var real = new[] { "/usr/bin/", "/bin/" }.Select(d => d + tool).FirstOrDefault(File.Exists);
                var link = Path.Combine(bin, tool);
                if (real is not null && !File.Exists(link)) File.CreateSymbolicLink(link, real);
            }
            psi.Environment.Clear();
            psi.Environment["PATH"] = (withoutAz ? "" : _dir + ":") + bin;
            psi.Environment["LOG"] = LogPath;
            foreach (var (k, v) in environment) psi.Environment[k] = v;
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException(script + " did not finish within 60 s");
            }
            return (p.ExitCode, stdout.Result, stderr.Result);
        }

        public void Dispose() => Directory.Delete(_dir, recursive: true);
    }
}
