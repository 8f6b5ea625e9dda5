using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rampa.Silo.Tests;
using Rampa.Storage;
using Rampa.Storage.Tests;

namespace Rampa.Integration.Tests;

/// <summary>
/// The multi-process scale with real processes: Azurite, three `rampa silo` processes on Azure Table membership, the
/// demo target, and the CLI driving the cluster through storage (`rampa run --cluster`). The same scenario gives the
/// same totals as on the embedded default; a silo killed with SIGKILL mid-run loses at most its last interval.
/// </summary>
[Collection("cli")]
public sealed partial class ClusterRunTests : TargetTest
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
        // For a flake hunt: RAMPA_TEST_SILO_LOGS=FOLDER keeps every silo's output (the workspace is deleted).
        if (Environment.GetEnvironmentVariable("RAMPA_TEST_SILO_LOGS") is { Length: > 0 } logs)
        {
            var run = Path.Combine(logs, DateTime.UtcNow.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(run);
            for (var i = 0; i < _silos.Count; i++)
                await File.WriteAllTextAsync(Path.Combine(run, $"silo-{i}.log"), _silos[i].Stdout + _silos[i].Stderr);
        }
        foreach (var silo in _silos) await silo.DisposeAsync();
        await _azurite.DisposeAsync();
        await base.DisposeAsync();
    }

    private Task<RampaRun> RunAsync(string file, string outDir, bool onCluster, Func<System.Diagnostics.Process, Task>? during = null, params string[] extra) =>
        RampaProcess.RunAsync(Ws.Dir, TimeSpan.FromMinutes(3), during, null,
            ["run", file, "--base-url", Target.BaseUrl.ToString(), "-q", "--no-color", "--out-dir", outDir,
             .. onCluster ? new[] { "--cluster", _azurite.FullConnectionString } : [], .. extra]);

    private static JsonDocument SummaryIn(string outDir) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory.GetDirectories(outDir).Single(), "summary.json")));

    private static double Iterations(JsonDocument summary, string scenario) =>
        summary.Metric("iterations").GetProperty("series").EnumerateArray()
            .Where(s => s.GetProperty("tags").GetProperty("scenario").GetString() == scenario)
            .Sum(s => s.GetProperty("values").GetProperty("count").GetDouble());

    private static double Dropped(JsonDocument summary) =>
        summary.RootElement.GetProperty("metrics").TryGetProperty("dropped_iterations", out var d) ? d.GetProperty("values").GetProperty("count").GetDouble() : 0;

    [Fact]
    public async Task The_same_scenario_gives_the_same_totals_on_the_embedded_default_and_on_three_silos()
    {
        var file = Ws.Write("same.yaml", """
            scenarios:
              shared:
                executor: shared-iterations
                vus: 6
                iterations: 90
                flow: [{ request: GET /json }]
              open:
                executor: constant-arrival-rate
                rate: 30
                duration: 3s
                preAllocatedVUs: 9
                maxVUs: 30
                flow: [{ request: GET /items/1 }]
            """);
        var embedded = await RunAsync(file, Path.Combine(Ws.Dir, "embedded"), onCluster: false);
        Assert.True(embedded.ExitCode == 0, embedded.Output);
        var jsonl = Path.Combine(Ws.Dir, "cluster-live.jsonl");
        var cluster = await RunAsync(file, Path.Combine(Ws.Dir, "cluster"), onCluster: true, during: null, "--out", $"json={jsonl}");
        Assert.True(cluster.ExitCode == 0, cluster.Output);
        Assert.Contains("on the cluster at", cluster.Stdout);

        using var one = SummaryIn(Path.Combine(Ws.Dir, "embedded"));
        using var three = SummaryIn(Path.Combine(Ws.Dir, "cluster"));
        Assert.Single(one.RootElement.GetProperty("run").GetProperty("silos").EnumerateArray());
        Assert.Equal(SiloCount, three.RootElement.GetProperty("run").GetProperty("silos").GetArrayLength());
        foreach (var summary in new[] { one, three })
        {
            Assert.Equal(90, Iterations(summary, "shared"));
            Assert.Equal(90, Iterations(summary, "open") + Dropped(summary)); // the arrival-rate schedule, exactly
        }
        Assert.Equal(180, Target.CountFor("/json"));
        // The same set of metrics (dropped_iterations exists only where a start found no free VU, e.g. a cold start).
        static IEnumerable<string> Names(JsonDocument d) =>
            d.RootElement.GetProperty("metrics").EnumerateObject().Select(m => m.Name).Where(n => n != "dropped_iterations").Order();
        Assert.Equal(Names(one), Names(three));

        // Each silo ran one segment, and its share: exactly a third of the shared pool; of the schedule, at most its
        // third (30 starts are its own; how many of them found a free VU on a busy machine is timing, counted as
        // dropped above), and together exactly what the run's totals say.
        var segments = three.RootElement.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal(SiloCount, segments.Count);
        Assert.Equal(SiloCount, segments.Select(s => s.GetProperty("silo").GetString()).Distinct().Count());
        Assert.All(segments, s => Assert.Equal(30, s.GetProperty("iterations").GetProperty("shared").GetInt64()));
        Assert.All(segments, s => Assert.InRange(s.GetProperty("iterations").GetProperty("open").GetInt64(), 1, 30));
        Assert.Equal(Iterations(three, "open"), segments.Sum(s => s.GetProperty("iterations").GetProperty("open").GetInt64()));
        Assert.True(File.Exists(Path.Combine(Directory.GetDirectories(Path.Combine(Ws.Dir, "cluster")).Single(), "report.html")));

        // The live frames came through the status blob: one a second, none missing, adding up to the three silos' totals.
        var frames = File.ReadAllLines(jsonl).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var seconds = frames.Select(f => f.GetProperty("second").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(0, seconds.Count).Select(i => seconds[0] + i), seconds);
        Assert.True(frames[^1].GetProperty("final").GetBoolean());
        // Each silo's own health reaches the frames: three generators in a second whose samples had all arrived.
        Assert.Contains(frames, f => f.TryGetProperty("generators", out var g) && g.GetArrayLength() == 3);
        Assert.Equal(three.Count("http_reqs"), frames.Sum(f => f.GetProperty("interval").GetProperty("requests").GetInt64()));
        Assert.Equal(three.Count("iterations"), frames.Sum(f => f.GetProperty("interval").GetProperty("iterations").GetInt64()));
    }

    private void Rows(string name, int count) =>
        Ws.Write(name, "id\n" + string.Concat(Enumerable.Range(0, count).Select(i => $"{i}\n")));

    private Dictionary<int, long> ItemCounts() => Target.CountsByPath()
        .Where(p => p.Key.StartsWith("/items/", StringComparison.Ordinal))
        .ToDictionary(p => int.Parse(p.Key["/items/".Length..]), p => p.Value);

    [Fact]
    public async Task A_unique_data_source_holds_across_three_silos_whose_data_comes_from_storage()
    {
        // Three times the rows the run takes: a silo keeps the rows it leased and did not use when its share ends (they
        // are not handed back), and on a busy machine the lease sizes grow, so 600 rows once ran out at 301 iterations.
        Rows("ids.csv", 1200);
        var file = Ws.Write("unique.yaml", """
            data:
              ids: { file: ids.csv, mode: unique }
            scenarios:
              take:
                executor: shared-iterations
                vus: 9
                iterations: 400
                flow: [{ request: "GET /items/{{data.ids.id}}", name: item }]
            """);
        var run = await RunAsync(file, Path.Combine(Ws.Dir, "out"), onCluster: true);
        Assert.True(run.ExitCode == 0, run.Output);
        var counts = ItemCounts();
        Assert.Equal(400, counts.Count);                                  // a row per iteration, on whichever silo
        Assert.All(counts, c => Assert.Equal(1, c.Value));               // and none twice
        using var summary = SummaryIn(Path.Combine(Ws.Dir, "out"));
        Assert.Equal(SiloCount, summary.RootElement.GetProperty("run").GetProperty("silos").GetArrayLength());
    }

    [Fact]
    public async Task A_silo_killed_mid_run_never_makes_a_unique_row_go_out_twice_and_its_rows_are_reported_lost()
    {
        Rows("ids.csv", 1000);
        var file = Ws.Write("unique-kill.yaml", """
            data:
              ids: { file: ids.csv, mode: unique }
            scenarios:
              steady:
                executor: constant-arrival-rate
                rate: 30
                duration: 12s
                preAllocatedVUs: 9
                maxVUs: 60
                flow: [{ request: "GET /items/{{data.ids.id}}", name: item }]
            """);
        string? victim = null;
        var killedAt = TimeSpan.Zero;
        var run = await RunAsync(file, Path.Combine(Ws.Dir, "out"), onCluster: true,
            during: async _ => (victim, killedAt) = await KillSiloAsync(TimeSpan.FromSeconds(3), theOwner: false));
        Assert.True(run.ExitCode == 0, run.Output);
        AssertKilledMidRun(killedAt);
        var counts = ItemCounts();
        Assert.All(counts, c => Assert.True(c.Value == 1, $"row {c.Key} was sent {c.Value} times"));
        using var summary = SummaryIn(Path.Combine(Ws.Dir, "out"));
        var events = summary.RootElement.GetProperty("events").EnumerateArray().ToList();
        Assert.Contains(events, e => e.GetProperty("kind").GetString() == "silo-lost");
        // The dead silo held rows it had not reported as used: they are written off, never handed out again.
        var lost = events.Where(e => e.GetProperty("kind").GetString() == "data-rows-lost")
            .Sum(e => long.Parse(System.Text.RegularExpressions.Regex.Match(e.GetProperty("message").GetString()!, @": (\d+) row").Groups[1].Value));
        Assert.True(counts.Count + lost <= 1000, $"sent {counts.Count}, lost {lost}");
    }

    [Fact]
    public async Task A_silo_killed_mid_run_loses_at_most_its_last_interval_and_the_run_ends_on_time()
    {
        var file = Ws.Write("kill.yaml", """
            scenarios:
              steady:
                executor: constant-arrival-rate
                rate: 30
                duration: 15s
                preAllocatedVUs: 9
                maxVUs: 60
                flow: [{ request: GET /json }]
            """);
        string? victim = null;
        var killedAt = TimeSpan.Zero;
        // The silo that took the run hosts its orchestrator: kill another one, 3 s after every segment reported.
        var run = await RunAsync(file, Path.Combine(Ws.Dir, "out"), onCluster: true,
            during: async _ => (victim, killedAt) = await KillSiloAsync(TimeSpan.FromSeconds(3), theOwner: false));
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.NotNull(victim);
        AssertKilledMidRun(killedAt);

        using var summary = SummaryIn(Path.Combine(Ws.Dir, "out"));
        var events = summary.RootElement.GetProperty("events").EnumerateArray().ToList();
        var lost = Assert.Single(events);
        Assert.Equal("silo-lost", lost.GetProperty("kind").GetString());
        Assert.Contains(victim!, lost.GetProperty("message").GetString());
        Assert.Contains("EVENT at", run.Stdout);
        // On time: 15 s of schedule (and a few seconds to notice the loss), not the minute of an overrun.
        Assert.True(summary.RootElement.GetProperty("run").GetProperty("durationSeconds").GetDouble() < 30);
        Assert.Equal("completed", summary.State());

        // The target counted what the summary counts, within the dead silo's last interval (its share is 10/s): what it
        // measured since its last flush is missing, and what it started after its last report ran again.
        var iterations = summary.Count("iterations") + summary.Count("interrupted_iterations");
        var counted = Target.CountFor("/json");
        var figures = $"iterations+interrupted {iterations}, dropped {Dropped(summary)}, target {counted}, segments " +
                      summary.RootElement.GetProperty("segments") + ", events " + summary.RootElement.GetProperty("events");
        Assert.True(counted - iterations is >= -15 and <= 30, figures);
        // The whole schedule was offered.
        Assert.True(iterations + Dropped(summary) is >= 450 - 30 and <= 450 + 30, figures);
    }

    [Fact]
    public async Task Killing_the_silo_that_hosts_the_orchestrator_does_not_lose_the_run()
    {
        var file = Ws.Write("orchestrator.yaml", """
            scenarios:
              steady:
                executor: constant-arrival-rate
                rate: 30
                duration: 12s
                preAllocatedVUs: 9
                maxVUs: 60
                flow: [{ request: GET /json }]
            """);
        string? victim = null;
        var killedAt = TimeSpan.Zero;
        // The silo that took the run from the mailbox hosts its orchestrator (and publishes its status): kill it, 2 s after every segment reported.
        var run = await RunAsync(file, Path.Combine(Ws.Dir, "out"), onCluster: true,
            during: async _ => (victim, killedAt) = await KillSiloAsync(TimeSpan.FromSeconds(2), theOwner: true));

        // Another silo takes the silent run over, the orchestrator reactivates there from its persisted state, hands
        // the dead silo's segment on, and the run ends with a report (never a hang).
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.NotNull(victim);
        AssertKilledMidRun(killedAt);
        using var summary = SummaryIn(Path.Combine(Ws.Dir, "out"));
        Assert.Equal("completed", summary.State());
        var lost = Assert.Single(summary.RootElement.GetProperty("events").EnumerateArray());
        Assert.Contains(victim!, lost.GetProperty("message").GetString());
        var iterations = summary.Count("iterations") + summary.Count("interrupted_iterations");
        Assert.True(iterations + Dropped(summary) is >= 360 - 30 and <= 360 + 30, $"iterations {iterations}, dropped {Dropped(summary)}");
    }

    /// <summary>
    /// SIGKILLs (the whole process tree) the silo that claimed the run (<paramref name="theOwner"/>) or another one,
    /// <paramref name="after"/> every segment reported iterations (not after the claim: on a loaded machine the runners
    /// can start seconds after it); returns the killed silo's endpoint and how far into
    /// the run the kill landed, so a test can tell a late kill (nothing mid-run to lose) from a product fault.
    /// </summary>
    private async Task<(string Victim, TimeSpan KilledAt)> KillSiloAsync(TimeSpan after, bool theOwner)
    {
        var mailbox = new BlobRunMailbox(ArtifactStoreConfig.Parse(_azurite.FullConnectionString).CreateContainerClient());
        var (runId, owner) = await ClaimAsync(mailbox);
        var started = await RunningAsync(mailbox, runId);
        await Task.Delay(after);
        var target = _silos.First(s => owner.StartsWith(Endpoint(s), StringComparison.Ordinal) == theOwner);
        var victim = Endpoint(target);
        var killedAt = DateTimeOffset.UtcNow - started;
        await target.DisposeAsync();
        return (victim, killedAt);
    }

    /// <summary>The (only) run in the mailbox and the silo that claimed it, as soon as one did (bounded).</summary>
    private static async Task<(string RunId, string Owner)> ClaimAsync(BlobRunMailbox mailbox)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var id in await mailbox.InboxAsync(CancellationToken.None))
                if (await mailbox.ReadClaimAsync(id, CancellationToken.None) is { } claim) return (id, claim.Owner);
            await Task.Delay(200);
        }
        throw new TimeoutException("no silo claimed the run within 60 s");
    }

    /// <summary>
    /// Waits for the first status its owner published in which every segment reported iterations (the orchestrator then
    /// holds a report of each to resume a lost one from; on a loaded machine the runners may start seconds after the
    /// planned start); returns the run's common start instant (bounded).
    /// </summary>
    private static async Task<DateTimeOffset> RunningAsync(BlobRunMailbox mailbox, string runId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await mailbox.ReadStatusAsync(runId, CancellationToken.None) is { } read)
            {
                using var status = JsonDocument.Parse(read.Status);
                if (status.RootElement.TryGetProperty("StartedUtc", out var at) && at.ValueKind == JsonValueKind.String
                    && status.RootElement.TryGetProperty("Segments", out var segments) && segments.GetArrayLength() > 0
                    && segments.EnumerateArray().All(seg => seg.GetProperty("Iterations").EnumerateObject().Sum(i => i.Value.GetInt64()) > 0))
                    return at.GetDateTimeOffset();
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"run {runId} did not report iterations on every segment within 60 s");
    }

    /// <summary>
    /// The precondition of a silo-loss test: the kill landed while the victim's segment still had work (the schedules
    /// here are 12 s and more). A kill after that loses nothing, and the run rightly reports no loss: a failure here
    /// means the test host was too slow to kill in time, not that the cluster lost an event.
    /// </summary>
    private static void AssertKilledMidRun(TimeSpan killedAt) =>
        Assert.True(killedAt < TimeSpan.FromSeconds(10),
            $"the silo was killed {killedAt.TotalSeconds:0.0} s into the run, too late for a mid-run loss (the test host was starved)");

    /// <summary>The silo's "ip:port", from its start line ("... silo 127.0.0.1:12345, gateway port ...").</summary>
    private static string Endpoint(SiloProcess silo) => SiloEndpoint().Match(silo.Stdout).Groups[1].Value;

    [GeneratedRegex(@"silo (\d+\.\d+\.\d+\.\d+:\d+),")]
    private static partial Regex SiloEndpoint();
}
