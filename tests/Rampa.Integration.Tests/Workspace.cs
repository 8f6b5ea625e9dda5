using System.Text.Json;

namespace Rampa.Integration.Tests;

/// <summary>A temporary folder for one test: scenario files in, rampa-results out; deleted afterwards.</summary>
public sealed class Workspace : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("rampa-it-").FullName;

    public string Write(string name, string text)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The summary.json of the only run in this workspace.</summary>
    public JsonDocument Summary()
    {
        var runs = Directory.GetDirectories(Path.Combine(Dir, "rampa-results"));
        Assert.Single(runs);
        return JsonDocument.Parse(File.ReadAllBytes(Path.Combine(runs[0], "summary.json")));
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}

public static class SummaryJson
{
    public static double Count(this JsonDocument summary, string metric) =>
        summary.RootElement.GetProperty("metrics").TryGetProperty(metric, out var m) ? m.GetProperty("values").GetProperty("count").GetDouble() : 0;

    public static JsonElement Metric(this JsonDocument summary, string metric) => summary.RootElement.GetProperty("metrics").GetProperty(metric);

    public static string State(this JsonDocument summary) => summary.RootElement.GetProperty("run").GetProperty("state").GetString()!;
}

/// <summary>CLI tests start processes and servers that compete for 2 cores: they run one at a time.</summary>
[CollectionDefinition("cli", DisableParallelization = true)]
public sealed class CliCollection;
