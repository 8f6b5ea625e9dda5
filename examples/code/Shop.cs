using Rampa.Sdk;

// Run options and thresholds, as the top of a YAML file would hold them. `--base-url` wins over BaseUrl.
[assembly: RampaOptions(Name = "shop (C#)", BaseUrl = "http://127.0.0.1:5181")]
[assembly: Threshold("http_req_failed", "rate<0.01")]
[assembly: Threshold("checks", "rate>0.99")]
[assembly: Threshold("browse_time", "p(95)<500")]

namespace Rampa.Examples.Code;

/// <summary>What the setup hands every VU.</summary>
public sealed record Catalog(int[] ItemIds);

/// <summary>A log-in-then-browse flow against the demo target (`rampa target -p 5181`).</summary>
public static class Shop
{
    /// <summary>A custom metric: declared once, so thresholds can name it; values in milliseconds.</summary>
    public static readonly Trend BrowseTime = new("browse_time", isTime: true);

    /// <summary>Once per run, before any VU: checks the target is up and picks the items to browse.</summary>
    [Setup]
    public static async Task<Catalog> Setup(Worker worker)
    {
        var health = await worker.Http.GetAsync("/health");
        if (health.Status != 200) throw new InvalidOperationException($"the target is not healthy ({health.Status} {health.Error})");
        return new Catalog([1, 2, 3, 4, 5]);
    }

    /// <summary>Once per VU: log in and keep the token for every iteration of this VU.</summary>
    [VuInit]
    public static async Task LogIn(Worker worker)
    {
        var login = await worker.Http.PostAsync("/login", new { user = $"vu{worker.Vu}" }, name: "login");
        worker.Check(login, "logged in", r => r.Status == 200);
        worker.Vars["token"] = login.Json()?["token"]?.GetValue<string>();
    }

    [Scenario(Executor = "ramping-vus", StartVUs = 1, Stages = new[] { "5s:5", "10s:5", "5s:0" })]
    public static async Task Browse(Worker worker)
    {
        var catalog = worker.SetupData<Catalog>();
        var auth = new Dictionary<string, string> { ["Authorization"] = $"Bearer {worker.Vars["token"]}" };
        await worker.Group("browse", async () =>
        {
            var started = DateTime.UtcNow;
            var me = await worker.Http.GetAsync("/me", name: "me", headers: auth);
            worker.Check(me, "me is 200", r => r.Status == 200);
            var id = catalog.ItemIds[worker.Random.Next(catalog.ItemIds.Length)];
            var item = await worker.Http.GetAsync($"/items/{id}", name: "/items/{id}", headers: auth);
            worker.Check(item, "item is 200", r => r.Status == 200);
            BrowseTime.Add(DateTime.UtcNow - started);
        });
        await worker.Think(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300));
    }

    [Teardown]
    public static Task Teardown(Worker worker)
    {
        Console.WriteLine($"teardown: browsed {worker.SetupData<Catalog>().ItemIds.Length} items");
        return Task.CompletedTask;
    }
}
