using Rampa.DemoTarget;

namespace Rampa.Cli.Commands;

/// <summary><c>rampa demo</c>: serves the demo target on a free port and runs the bundled quickstart against it.</summary>
internal static class DemoCommand
{
    public const string QuickstartFile = "quickstart.yaml";

    public static async Task<int> ExecuteAsync(CliArguments args, TextWriter output)
    {
        if (args.File is not null) throw new CliUsageException($"'demo' runs the bundled quickstart and takes no scenario file (got '{args.File}'); use 'rampa run {args.File}'");
        var path = Path.Combine(AppContext.BaseDirectory, QuickstartFile);
        if (!File.Exists(path)) throw new CliUsageException($"the bundled {QuickstartFile} is missing from {AppContext.BaseDirectory}");
        await using var target = await DemoTargetServer.StartAsync(args.Port ?? 0, httpsPort: args.HttpsPort ?? 0, h2cPort: args.H2cPort ?? 0);
        output.WriteLine($"demo target listening on {target.BaseUrl} (also {target.HttpsUrl} with HTTP/2 and a self-signed certificate, and {target.H2cUrl} for h2c)");
        var source = ScenarioInput.Read(args with { BaseUrl = target.BaseUrl.ToString() }, File.ReadAllText(path), "quickstart.yaml");
        using var loaded = new LoadedScenario { Source = source, Plan = ScenarioInput.Load(source), Describe = source.FileName };
        var exit = await RunCommand.ExecuteAsync(args, loaded, output);
        output.WriteLine($"  the demo target counted {target.RequestCount} requests");
        return exit;
    }
}
