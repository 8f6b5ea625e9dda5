using System.Text.Json;
using Rampa.Silo.Tests;
using Rampa.Storage.Tests;

namespace Rampa.Integration.Tests;

/// <summary>
/// C# scenarios on the multi-process scale: Azurite, three `rampa silo` processes and `rampa run PROJECT --cluster`.
/// The CLI puts the build into storage (bundles/&lt;hash&gt;/), each silo fetches and loads it for that run; a second
/// run with a changed assembly on the same cluster runs the new code.
/// </summary>
[Collection("cli")]
public sealed class ClusterCodeRunTests : TargetTest
{
    private const int SiloCount = 3;
    private readonly AzuriteFixture _azurite = new();
    private readonly List<SiloProcess> _silos = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await _azurite.InitializeAsync();
        var clusterId = "it-" + Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < SiloCount; i++)
            _silos.Add(SiloProcess.Start(Ws.Dir, "--storage", _azurite.FullConnectionString, "--cluster-id", clusterId,
                "--name", $"silo-{i}", "--out-dir", Path.Combine(Ws.Dir, $"silo-{i}")));
        try
        {
            foreach (var silo in _silos) await silo.WaitForOutputAsync("active in cluster", TimeSpan.FromSeconds(90));
        }
        catch
        {
            // xUnit does not dispose a test class whose start failed: stop the silos and Azurite here, or they outlive the run.
            await DisposeAsync();
            throw;
        }
    }

    public override async Task DisposeAsync()
    {
        foreach (var silo in _silos) await silo.DisposeAsync();
        await _azurite.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>The sample project's csproj beside a short scenario that requests <paramref name="path"/>.</summary>
    private string WriteProject(string path)
    {
        var folder = Path.Combine(Ws.Dir, "code");
        Directory.CreateDirectory(folder);
        var sdk = Path.Combine(RampaProcess.RepoRoot, "src", "Rampa.Sdk", "Rampa.Sdk.csproj");
        var csproj = File.ReadAllText(Path.Combine(RampaProcess.RepoRoot, "examples", "code", "Rampa.Examples.Code.csproj"))
            .Replace("../../src/Rampa.Sdk/Rampa.Sdk.csproj", sdk);
        File.WriteAllText(Path.Combine(folder, "Rampa.Examples.Code.csproj"), csproj);
        File.WriteAllText(Path.Combine(folder, "Load.cs"), $$"""
            using Rampa.Sdk;
            namespace ClusterCode;
            public static class Load
            {
                [Scenario(Executor = "shared-iterations", Vus = 3, Iterations = 60)]
                public static async Task Hit(Worker worker)
                {
                    var r = await worker.Http.GetAsync("{{path}}");
                    worker.Check(r, "is 200", x => x.Status == 200);
                }
            }
            """);
        return folder;
    }

    private Task<RampaRun> RunAsync(string project, string outDir) =>
        RampaProcess.RunAsync(Ws.Dir, TimeSpan.FromMinutes(4), null, null,
            ["run", project, "--base-url", Target.BaseUrl.ToString(), "-q", "--no-color", "--out-dir", outDir,
             "--cluster", _azurite.FullConnectionString]);

    private static JsonDocument SummaryIn(string outDir) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory.GetDirectories(outDir).Single(), "summary.json")));

    [Fact]
    public async Task A_code_scenario_runs_on_three_silos_with_exact_totals_and_a_changed_assembly_runs_the_new_code()
    {
        var project = WriteProject("/json");
        var first = await RunAsync(project, Path.Combine(Ws.Dir, "first"));
        Assert.True(first.ExitCode == 0, first.Output);
        using (var summary = SummaryIn(Path.Combine(Ws.Dir, "first")))
        {
            Assert.Equal(60, summary.Count("iterations"));
            Assert.Equal(60, summary.Count("http_reqs"));
            var segments = summary.RootElement.GetProperty("segments").EnumerateArray().ToList();
            Assert.True(segments.Select(s => s.GetProperty("silo").GetString()).Distinct().Count() > 1, first.Output);
        }
        Assert.Equal(60, Target.CountFor("/json"));

        // The same project, other code: a new build, a new hash, and every silo loads the new assembly.
        WriteProject("/items/7");
        var second = await RunAsync(project, Path.Combine(Ws.Dir, "second"));
        Assert.True(second.ExitCode == 0, second.Output);
        using (var summary = SummaryIn(Path.Combine(Ws.Dir, "second")))
            Assert.Equal(60, summary.Count("http_reqs"));
        Assert.Equal(60, Target.CountFor("/items/7"));
        Assert.Equal(60, Target.CountFor("/json"));
    }
}
