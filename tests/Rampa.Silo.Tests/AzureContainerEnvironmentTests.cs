using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rampa.Infra.Tests.Support;
using Rampa.Storage.Tests;
using Xunit.Abstractions;

namespace Rampa.Silo.Tests;

/// <summary>
/// The silo as Container Apps would run it: <c>dotnet rampa-silo.dll</c> (the image's entry point) with exactly the
/// environment variables the compiled template (infra/main.bicep, through bicep/silo.bicep) gives the container, read
/// out of the ARM JSON here, never copied. Only what Azure alone has is substituted: the storage endpoint becomes
/// Azurite's connection string, the environment's static IP 127.0.0.1, the ports free loopback ports (three silos
/// share this host, not three replicas), and the Application Insights connection string (a Container Apps secret) is
/// left out.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class AzureContainerEnvironmentTests(AzuriteFixture azurite, ITestOutputHelper log) : IAsyncLifetime
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(90);
    private readonly string _workDir = Directory.CreateTempSubdirectory("rampa-silo-tests-").FullName;
    private readonly List<SiloProcess> _silos = [];
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private static JsonObject SiloTemplate => Arm.ModuleTemplate("silos");

    /// <summary>The container's env list, with each value evaluated from the silo module's parameters.</summary>
    private static Dictionary<string, string> ContainerEnvironment(IReadOnlyDictionary<string, string> azureOnly)
    {
        var template = SiloTemplate;
        var app = Arm.Resources(template).Single(r => Arm.Type(r) == "Microsoft.App/containerApps");
        var container = app["properties"]!["template"]!["containers"]!.AsArray().Single()!;
        string Parameter(string name) =>
            azureOnly.TryGetValue(name, out var v) ? v
            : template["parameters"]![name]?["defaultValue"] is { } d ? d.ToString()
            : throw new InvalidOperationException($"silo.bicep parameter '{name}' has no default and the test gives it no value");
        var env = new Dictionary<string, string>();
        foreach (var entry in container["env"]!.AsArray())
        {
            var name = (string)entry!["name"]!;
            if (entry["secretRef"] is not null) continue; // a Container Apps secret: only Azure has its value
            env[name] = Evaluate((string)entry["value"]!, Parameter);
        }
        return env;
    }

    /// <summary>The ARM expressions the silo's env list uses: a literal, parameters('x'), string(parameters('x')),
    /// format('...{0}...', parameters('x')). Anything else fails the test, so a new kind of value is noticed.</summary>
    private static string Evaluate(string value, Func<string, string> parameter)
    {
        if (!value.StartsWith('[')) return value;
        if (ParameterExpr().Match(value) is { Success: true } p) return parameter(p.Groups["name"].Value);
        if (StringExpr().Match(value) is { Success: true } s) return parameter(s.Groups["name"].Value);
        if (FormatExpr().Match(value) is { Success: true } f) return f.Groups["format"].Value.Replace("{0}", parameter(f.Groups["name"].Value));
        throw new InvalidOperationException("an ARM expression this test cannot evaluate: " + value);
    }

    [GeneratedRegex(@"^\[parameters\('(?<name>\w+)'\)\]$")]
    private static partial Regex ParameterExpr();

    [GeneratedRegex(@"^\[string\(parameters\('(?<name>\w+)'\)\)\]$")]
    private static partial Regex StringExpr();

    [GeneratedRegex(@"^\[format\('(?<format>[^']*)', parameters\('(?<name>\w+)'\)\)\]$")]
    private static partial Regex FormatExpr();

    private Dictionary<string, string> EnvironmentFor(string clusterId, string siloName) => ContainerEnvironment(new Dictionary<string, string>
    {
        ["storageBlobEndpoint"] = azurite.FullConnectionString,   // https://ACCOUNT.blob.core.windows.net/ in Azure
        ["advertisedIp"] = "127.0.0.1",                           // the environment's static IP
        ["siloPort"] = FreeTcpPort.Next().ToString(),             // 11111 + i
        ["gatewayPort"] = FreeTcpPort.Next().ToString(),          // 30000 + i
        ["healthPort"] = FreeTcpPort.Next().ToString(),           // 8080 in every replica; one host here
        ["clusterId"] = clusterId,                                // rampa-<environment>
        ["name"] = siloName,                                      // ca-silo-<i>-<token>
        ["identityClientId"] = Guid.Empty.ToString(),             // the user-assigned identity: unused with a connection string
    });

    private static async Task<(int Code, string Body)?> AskAsync(int port, string path)
    {
        try
        {
            using var response = await Http.GetAsync($"http://127.0.0.1:{port}{path}");
            return ((int)response.StatusCode, (await response.Content.ReadAsStringAsync()).Trim());
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet
        }
    }

    /// <summary>Polls /healthz/ready every 100 ms until 200; returns the answers seen before it.</summary>
    private static async Task<List<int?>> WaitReadyAsync(SiloProcess silo, int port)
    {
        var seen = new List<int?>();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var answer = await AskAsync(port, SiloHealth.ReadyPath);
            if (answer?.Code == 200) return seen;
            seen.Add(answer?.Code);
            if (silo.HasExited) throw new InvalidOperationException($"the silo exited with {silo.ExitCode}:\n{silo.Stdout}\n{silo.Stderr}");
            if (deadline.Elapsed > JoinTimeout) throw new TimeoutException($"not ready within {JoinTimeout}:\n{silo.Stdout}\n{silo.Stderr}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public void The_template_gives_the_container_the_variables_the_silo_needs_and_its_probes_use_its_health_port()
    {
        var env = EnvironmentFor("c", "s");
        foreach (var name in new[] { "RAMPA_STORAGE", "RAMPA_CLUSTER_ID", "RAMPA_SILO_NAME", "RAMPA_ADVERTISED_IP", "RAMPA_SILO_PORT",
                     "RAMPA_GATEWAY_PORT", "RAMPA_HEALTH_PORT", "RAMPA_SHUTDOWN_TIMEOUT", "RAMPA_FAILURE_DETECTION", "AZURE_CLIENT_ID", "AZURE_TOKEN_CREDENTIALS" })
            Assert.True(env.ContainsKey(name), name + " is missing from the container's environment");
        // Every option the container sets parses: what Azure would start is a valid silo command line.
        var options = RampaSiloOptions.Parse([], n => env.GetValueOrDefault(n));
        Assert.Equal(FailureDetection.Orleans, options.FailureDetection);
        Assert.Equal(int.Parse(env["RAMPA_HEALTH_PORT"]), options.HealthPort);
        // The probes ask the port the silo listens on, and the platform waits longer than the silo's shutdown bound.
        var probes = SiloTemplate["variables"]!["probes"]!.AsArray();
        Assert.All(probes, p => Assert.Equal("[parameters('healthPort')]", (string)p!["httpGet"]!["port"]!));
        var grace = (int)SiloTemplate["parameters"]!["shutdownTimeoutSeconds"]!["defaultValue"]! + 15;
        Assert.True(TimeSpan.FromSeconds(grace) > options.ShutdownTimeout);
    }

    [Fact]
    public async Task Each_silo_is_not_ready_until_active_in_the_membership_table_and_three_form_one_cluster()
    {
        var clusterId = "rampa-test-" + Guid.NewGuid().ToString("N")[..8];
        var table = new MembershipTable(azurite.FullConnectionString);
        var names = new[] { "ca-silo-0-test", "ca-silo-1-test", "ca-silo-2-test" };
        var envs = names.Select(n => EnvironmentFor(clusterId, n)).ToArray();

        // Silo 0 alone first: its health endpoint answers before the silo has joined, and says not ready.
        var started = Stopwatch.StartNew();
        _silos.Add(SiloProcess.StartAsContainer(_workDir, envs[0]));
        var port0 = int.Parse(envs[0]["RAMPA_HEALTH_PORT"]);
        var before = await WaitReadyAsync(_silos[0], port0);
        log.WriteLine($"silo 0 ready after {started.Elapsed.TotalSeconds:0.0}s; answers before: {string.Join(",", before.Select(c => c?.ToString() ?? "refused"))}");
        Assert.Contains((int?)503, before);
        Assert.DoesNotContain(before, c => c is not null and not 503);
        // Ready means Active in the table, and the startup probe agrees.
        var rows = await table.RowsAsync(clusterId);
        Assert.Equal("Active", Assert.Single(rows, r => r.SiloName == names[0]).Status);
        Assert.Equal(200, (await AskAsync(port0, SiloHealth.StartupPath))?.Code);

        // Silos 1 and 2 join the same cluster, each ready only once Active.
        _silos.Add(SiloProcess.StartAsContainer(_workDir, envs[1]));
        _silos.Add(SiloProcess.StartAsContainer(_workDir, envs[2]));
        for (var i = 1; i < 3; i++)
        {
            var answers = await WaitReadyAsync(_silos[i], int.Parse(envs[i]["RAMPA_HEALTH_PORT"]));
            Assert.DoesNotContain(answers, c => c is not null and not 503);
            rows = await table.RowsAsync(clusterId);
            Assert.Equal("Active", Assert.Single(rows, r => r.SiloName == names[i] && r.Status == "Active").Status);
        }
        rows = await table.WaitUntilAsync(clusterId, r => r.Count(x => x.Status == "Active") == 3, JoinTimeout, "3 Active rows");
        log.WriteLine($"3 silos Active after {started.Elapsed.TotalSeconds:0.0}s");
        Assert.Equal(names, rows.Where(r => r.Status == "Active").Select(r => r.SiloName).Order());
        Assert.Equal(3, rows.Select(r => r.Address).Distinct().Count());
        // None restarted or was voted out on the way.
        Assert.All(_silos, s => Assert.False(s.HasExited));
        Assert.DoesNotContain(rows, r => r.Status == "Dead");
        // The start line follows once StartAsync returns, which can be a moment after membership says Active.
        foreach (var silo in _silos) await silo.WaitForOutputAsync($"active in cluster {clusterId}", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_403_from_storage_is_retried_with_backoff_logged_once_then_ends_at_the_bound()
    {
        // Azurite answers 403 to a request signed with the wrong key, as Azure Storage answers 403 to an identity whose
        // role assignment has not propagated yet.
        var wrongKey = azurite.FullConnectionString.Replace(AzuriteFixture.AccountKey, Convert.ToBase64String(new byte[64]));
        var env = EnvironmentFor("rampa-403-" + Guid.NewGuid().ToString("N")[..8], "ca-silo-0-test");
        env["RAMPA_STORAGE"] = wrongKey;
        env["RAMPA_PERMISSION_WAIT"] = "6s";
        var elapsed = Stopwatch.StartNew();
        await using var silo = SiloProcess.StartAsContainer(_workDir, env);
        var port = int.Parse(env["RAMPA_HEALTH_PORT"]);
        // While it waits, the health endpoint is up and says not ready.
        (int Code, string Body)? answer = null;
        for (var i = 0; i < 100 && answer is null && !silo.HasExited; i++)
        {
            answer = await AskAsync(port, SiloHealth.ReadyPath);
            if (answer is null) await Task.Delay(100);
        }
        Assert.Equal(503, answer?.Code);

        Assert.Equal(97, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        log.WriteLine($"exited after {elapsed.Elapsed.TotalSeconds:0.0}s");
        var ours = silo.Stderr.Split('\n').Where(l => l.StartsWith(SiloCommandLine.Prefix, StringComparison.Ordinal)).ToArray();
        Assert.Single(ours, l => l.Contains("storage answered 403", StringComparison.Ordinal));
        Assert.Single(ours, l => l.Contains("still 403 after waiting 6s", StringComparison.Ordinal));
        // Orleans' own error lines come from the first attempt only: the retries start quietly.
        Assert.Single(Regex.Matches(silo.Stderr, "Hosting failed to start"));
        Assert.True(elapsed.Elapsed >= TimeSpan.FromSeconds(6), $"gave up after {elapsed.Elapsed}, before the 6 s bound");
        Assert.DoesNotContain(AzuriteFixture.AccountKey, silo.Stderr);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos) await silo.DisposeAsync();
        try { Directory.Delete(_workDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
