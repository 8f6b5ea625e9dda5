using System.Text;

namespace Rampa.Integration.Tests;

/// <summary>
/// Data feeders end to end on the embedded default: the real CLI against the demo target, which counts what each path
/// received; each mode's guarantee is checked on the target's side.
/// </summary>
[Collection("cli")]
public sealed class DataFeederTests : TargetTest
{
    private string Csv(string name, int rows)
    {
        var sb = new StringBuilder("id,email\n");
        for (var i = 0; i < rows; i++) sb.Append(i).Append(",user").Append(i).Append("@x.io\n");
        return Ws.Write(name, sb.ToString());
    }

    private async Task<RampaRun> RunAsync(string yaml, params string[] extra)
    {
        var file = Ws.Write($"data-{Guid.NewGuid():N}.yaml", yaml);
        return await RampaProcess.RunAsync(Ws.Dir, TimeSpan.FromMinutes(2), null, null,
            ["run", file, "--base-url", Target.BaseUrl.ToString(), "-q", "--no-color", .. extra]);
    }

    /// <summary>Requests per row id, from the target's own count of /items/{id}.</summary>
    private Dictionary<int, long> ItemCounts() => Target.CountsByPath()
        .Where(p => p.Key.StartsWith("/items/", StringComparison.Ordinal))
        .ToDictionary(p => int.Parse(p.Key["/items/".Length..].Split('?')[0]), p => p.Value);

    [Fact]
    public async Task Unique_sends_every_row_exactly_once_and_stops_when_they_run_out()
    {
        Csv("users.csv", 1000);
        var run = await RunAsync("""
            data:
              users: { file: users.csv, mode: unique, onExhausted: stop }
            scenarios:
              login:
                executor: shared-iterations
                vus: 20
                iterations: 1500
                maxDuration: 60s
                flow:
                  - request: GET /items/{{data.users.id}}
                    name: item
            """, "--summary-export", "summary.json");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("data users (users.csv, unique): 1000 of 1000 rows used, ran out", run.Stdout);
        using (var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Ws.Dir, "summary.json"))))
        {
            var users = summary.RootElement.GetProperty("data")[0];
            Assert.Equal(("users", 1000L, 1000L, true), (users.GetProperty("name").GetString(), users.GetProperty("rows").GetInt64(),
                users.GetProperty("used").GetInt64(), users.GetProperty("exhausted").GetBoolean()));
        }
        var counts = ItemCounts();
        Assert.Equal(1000, counts.Count);
        Assert.All(counts, c => Assert.Equal(1, c.Value));
        Assert.Equal(Enumerable.Range(0, 1000), counts.Keys.Order());
    }

    [Fact]
    public async Task Sequential_covers_the_rows_in_file_order_and_wraps_around()
    {
        Csv("users.csv", 10);
        var run = await RunAsync("""
            data:
              users: users.csv
            scenarios:
              walk:
                executor: shared-iterations
                vus: 1
                iterations: 25
                flow: [{ request: "GET /items/{{data.users.id}}", name: item }]
            """);
        Assert.True(run.ExitCode == 0, run.Output);
        // 25 rows over 10: two full rounds and the first five once more.
        Assert.Equal(Enumerable.Range(0, 10).ToDictionary(i => i, i => i < 5 ? 3L : 2L), ItemCounts());
    }

    [Fact]
    public async Task PerVu_gives_each_vu_its_own_row_for_every_iteration()
    {
        Csv("users.csv", 10);
        var run = await RunAsync("""
            data:
              users: { file: users.csv, mode: perVu }
            scenarios:
              each:
                executor: per-vu-iterations
                vus: 4
                iterations: 3
                flow: [{ request: "GET /items/{{data.users.id}}", name: item }]
            """);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(new Dictionary<int, long> { [0] = 3, [1] = 3, [2] = 3, [3] = 3 }, ItemCounts());
    }

    [Fact]
    public async Task Random_with_a_fixed_seed_sends_the_same_rows_twice()
    {
        Csv("skus.csv", 50);
        const string Yaml = """
            seed: 42
            data:
              skus: { file: skus.csv, mode: random }
            scenarios:
              browse:
                executor: per-vu-iterations
                vus: 3
                iterations: 40
                flow: [{ request: "GET /items/{{data.skus.id}}", name: item }]
            """;
        Assert.Equal(0, (await RunAsync(Yaml)).ExitCode);
        var first = ItemCounts();
        Target.ResetCounters();
        Assert.Equal(0, (await RunAsync(Yaml)).ExitCode);
        Assert.Equal(first, ItemCounts());
        Assert.Equal(120, first.Values.Sum());
        Assert.True(first.Count > 20, "uniform over 50 rows: 120 draws touch many of them");
    }

    [Fact]
    public async Task A_row_is_the_same_for_every_use_within_an_iteration()
    {
        Csv("users.csv", 30);
        var run = await RunAsync("""
            data:
              users: { file: users.csv, mode: unique }
            scenarios:
              twice:
                executor: shared-iterations
                vus: 3
                iterations: 30
                flow:
                  - { request: "GET /items/{{data.users.id}}", name: first }
                  - { request: "GET /items/{{data.users.id}}?again=1", name: second }
            """);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.All(ItemCounts(), c => Assert.Equal(2, c.Value));
        Assert.Equal(30, ItemCounts().Count);
    }

    [Fact]
    public async Task Unique_with_fail_stops_the_run_with_exit_109_and_still_writes_the_summary()
    {
        Csv("users.csv", 20);
        var run = await RunAsync("""
            data:
              users: { file: users.csv, mode: unique, onExhausted: fail }
            scenarios:
              login:
                executor: constant-vus
                vus: 2
                duration: 20s
                flow: [{ request: "GET /items/{{data.users.id}}", name: item }]
            """, "--summary-export", "summary.json");
        Assert.True(run.ExitCode == 109, run.Output);
        Assert.Contains("data source 'users' used all of its 20 rows", run.Output);
        Assert.All(ItemCounts(), c => Assert.Equal(1, c.Value));
        Assert.Equal(20, ItemCounts().Count);
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Ws.Dir, "summary.json")));
        Assert.Equal("data-exhausted", summary.State());
        Assert.True(summary.RootElement.GetProperty("run").GetProperty("durationSeconds").GetDouble() < 15, "stopped when the rows ran out, not at its end");
    }

    [Fact]
    public async Task Unique_with_recycle_goes_round_again_each_row_once_per_round()
    {
        Csv("users.csv", 10);
        var run = await RunAsync("""
            data:
              users: { file: users.csv, mode: unique, onExhausted: recycle }
            scenarios:
              login:
                executor: shared-iterations
                vus: 3
                iterations: 30
                flow: [{ request: "GET /items/{{data.users.id}}", name: item }]
            """);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(Enumerable.Range(0, 10).ToDictionary(i => i, _ => 3L), ItemCounts());
    }

    [Fact]
    public async Task A_csharp_scenario_takes_rows_with_the_same_guarantees()
    {
        var project = CodeProject.Write(Ws, "DataShop", """
            [assembly: RampaOptions(Seed = 7)]
            [assembly: DataSource("users", "users.csv", Mode = "unique")]
            [assembly: DataSource("skus", "skus.csv", Mode = "perVu")]

            public sealed record User(int Id, string Email);

            public static class Shop
            {
                [Scenario(Executor = "shared-iterations", Vus = 4, Iterations = 100)]
                public static async Task Login(Worker worker)
                {
                    var user = await worker.Data("users").NextAsync<User>();
                    var sku = await worker.Data("skus").NextAsync();
                    worker.Check("typed row", user.Email == $"user{user.Id}@x.io");
                    await worker.Http.GetAsync($"/items/{user.Id}?sku={sku["id"]}", name: "item");
                }
            }
            """, "users.csv", "skus.csv");
        File.WriteAllText(Path.Combine(project, "users.csv"), "id,email\n" + string.Concat(Enumerable.Range(0, 60).Select(i => $"{i},user{i}@x.io\n")));
        File.WriteAllText(Path.Combine(project, "skus.csv"), "id\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"s{i}\n")));
        var run = await RampaProcess.RunAsync(Ws.Dir, TimeSpan.FromMinutes(3), null, null,
            ["run", project, "--base-url", Target.BaseUrl.ToString(), "-q", "--no-color", "--summary-export", "summary.json"]);
        Assert.True(run.ExitCode == 0, run.Output);
        // 100 iterations over 60 unique rows: every row once, then the VUs stop.
        var counts = ItemCounts();
        Assert.Equal(Enumerable.Range(0, 60), counts.Keys.Order());
        Assert.All(counts, c => Assert.Equal(1, c.Value));
        Assert.Contains("data users (users.csv, unique): 60 of 60 rows used, ran out", run.Stdout);
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Ws.Dir, "summary.json")));
        Assert.Equal(1.0, summary.Metric("checks").GetProperty("values").GetProperty("rate").GetDouble());
    }

    [Theory]
    [InlineData("users: { file: nope.csv }", "{{data.users.id}}", "data source 'users': nope.csv: no such file")]
    [InlineData("users: { file: users.csv, mode: uniqe }", "{{data.users.id}}", "unknown mode 'uniqe'")]
    [InlineData("users: { file: users.csv }", "{{data.users.ident}}", "users.csv has no column 'ident' (columns: id, email)")]
    [InlineData("users: { file: users.csv }", "{{data.customers.id}}", "no data source 'customers' (declared: users)")]
    [InlineData("users: { file: users.csv, onExhausted: fail }", "{{data.users.id}}", "'onExhausted' is for mode: unique")]
    [InlineData("users: { file: empty.csv }", "{{data.users.id}}", "empty.csv: the file is empty")]
    [InlineData("users: { file: broken.csv }", "{{data.users.id}}", "broken.csv:3:1: this row has 3 field(s), the header has 2")]
    public async Task Bad_data_input_is_exit_104_naming_the_place(string source, string use, string message)
    {
        Csv("users.csv", 3);
        Ws.Write("empty.csv", "");
        Ws.Write("broken.csv", "id,email\n1,a@x\n2,b@x,extra\n");
        var file = Ws.Write("bad.yaml", $"data:\n  {source}\nscenarios:\n  s:\n    executor: shared-iterations\n    flow: [{{ request: \"GET /items/{use}\" }}]\n");
        var run = await RampaProcess.RunAsync(Ws.Dir, ["run", file, "--base-url", Target.BaseUrl.ToString()]);
        Assert.True(run.ExitCode == 104, run.Output);
        Assert.Contains(message, run.Stderr);
        Assert.Matches(@"bad\.yaml:\d+:\d+", run.Stderr);
        Assert.DoesNotContain("   at ", run.Output);
        Assert.Equal(0, Target.RequestCount);
    }
}
