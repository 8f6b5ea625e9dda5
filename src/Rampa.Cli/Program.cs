using Rampa.Cli;
using Rampa.Cli.Commands;
using Rampa.Core;
using Rampa.Core.Scenarios;

// Inline socket completions roughly double HTTP throughput on small machines (docs/architecture.md#measurements-behind-the-hot-path-rules). They must be
// switched on before the first socket exists; RAMPA_INLINE_COMPLETIONS=0 switches them off.
if (Environment.GetEnvironmentVariable("RAMPA_INLINE_COMPLETIONS") != "0")
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

// A pool that starts with one worker per core (one when the generator is pinned to a core) stalls for ~0.5 s each time
// anything blocks a worker, until the pool injects another: VU continuations and the open model's starts queue behind it.
ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
ThreadPool.SetMinThreads(Math.Max(minWorkers, 16), minIo);

// `rampa silo` has its own options (Rampa.Silo parses them), so it is dispatched before the run options are parsed.
if (args.Length > 0 && args[0] == SiloCommand.Name)
    return await SiloCommand.ExecuteAsync(args[1..]);

var output = Console.Out;
try
{
    var cli = CliArguments.Parse(args);
    if (cli.Help)
    {
        output.WriteLine(HelpText.For(cli.Command));
        return 0;
    }
    if (cli.Command == "help")
    {
        // `rampa help run` prints what `rampa run --help` prints.
        var help = cli.File is null ? HelpText.Usage
            : HelpText.For(cli.File) ?? throw new CliUsageException($"unknown command '{cli.File}' (expected one of: {string.Join(", ", CliArguments.Commands.Append(SiloCommand.Name))})");
        output.WriteLine(help);
        return 0;
    }
    switch (cli.Command)
    {
        case "version":
            output.WriteLine($"rampa {Rampa.Cli.RampaVersion.Current}");
            return 0;
        case "validate":
        {
            using var loaded = ScenarioInput.Open(cli, output);
            var plan = loaded.Plan;
            output.WriteLine($"{loaded.Describe}: valid; {plan.Scenarios.Count} scenario(s): " +
                             string.Join(", ", plan.Scenarios.Select(s => $"{s.Name} ({s.Executor.Kind})")) +
                             $"; {plan.Thresholds.Sum(t => t.Expressions.Count)} threshold(s)");
            return 0;
        }
        case "run":
        {
            using var loaded = ScenarioInput.Open(cli, output);
            return await RunCommand.ExecuteAsync(cli, loaded, output);
        }
        case "new":
            return NewCommand.Execute(cli, output);
        case "demo":
            return await DemoCommand.ExecuteAsync(cli, output);
        case "target":
            return await TargetCommand.ExecuteAsync(cli, output);
        case "report":
            return await ReportCommand.ExecuteAsync(cli, output);
        case "cluster":
            return await ClusterCommand.ExecuteAsync(cli, output);
    }
    return 0;
}
catch (CliUsageException e)
{
    Console.Error.WriteLine($"rampa: {e.Message}");
    var known = args.Length > 0 && CliArguments.Commands.Contains(args[0]) && args[0] != "help";
    Console.Error.WriteLine(known ? $"run 'rampa {args[0]} --help' for usage" : "run 'rampa help' for usage");
    return ExitCodes.InvalidScenario;
}
catch (CodeBuildException e)
{
    foreach (var error in e.Errors) Console.Error.WriteLine(error);
    Console.Error.WriteLine($"rampa: {e.Message}; nothing was started");
    return ExitCodes.ScenarioCodeFailed;
}
catch (ScenarioLoadException e)
{
    foreach (var error in e.Errors) Console.Error.WriteLine(error);
    Console.Error.WriteLine($"rampa: {e.Errors.Count} error(s); nothing was started");
    return ExitCodes.InvalidScenario;
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    Console.Error.WriteLine($"rampa: the run failed: {e.GetType().Name}: {e.Message}");
    return ExitCodes.RunFailed;
}
