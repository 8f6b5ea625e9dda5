using Rampa.Core.Scenarios;

namespace Rampa.Cli.Commands;

/// <summary>Reads and validates the scenario a command names; every problem becomes a clear message (exit 104).</summary>
internal static class ScenarioInput
{
    public static ScenarioSource Read(CliArguments args, string? text = null, string? fileName = null)
    {
        fileName ??= args.File ?? throw new CliUsageException($"'{args.Command}' needs a scenario file: rampa {args.Command} FILE");
        if (text is null)
        {
            if (!File.Exists(fileName)) throw new CliUsageException($"{fileName}: no such file");
            text = File.ReadAllText(fileName);
        }
        return new ScenarioSource
        {
            FileName = fileName,
            Text = text,
            Env = args.Env,
            Overrides = new RunOverrides
            {
                Vus = args.Vus,
                Duration = args.Duration,
                Iterations = args.Iterations,
                BaseUrl = args.BaseUrl is null ? null : new Uri(args.BaseUrl),
                StrictThresholds = args.StrictThresholds,
            },
        };
    }

    /// <summary>Loads the plan, or throws <see cref="ScenarioLoadException"/> with every error found.</summary>
    public static TestPlan Load(ScenarioSource source) => ScenarioLoader.Load(source);

    /// <summary>
    /// The command's scenario, loaded: a YAML file (with <c>--code</c>: the C# scenarios its <c>exec:</c> names), or a C#
    /// project or assembly alone. A project is built first (exit 107 when it does not compile).
    /// </summary>
    /// <exception cref="ScenarioLoadException">Every problem found (exit 104).</exception>
    public static LoadedScenario Open(CliArguments args, TextWriter output)
    {
        var path = args.File ?? throw new CliUsageException($"'{args.Command}' needs a scenario file or C# project: rampa {args.Command} FILE|PROJECT");
        var codeOnly = CodeInput.IsCode(path);
        if (codeOnly && args.Code is not null)
            throw new CliUsageException($"--code names the C# scenarios of a YAML file; '{path}' is itself C# code (drop --code)");
        var codePath = codeOnly ? path : args.Code;
        if (codePath is null)
        {
            var yaml = Read(args);
            return new LoadedScenario { Source = yaml, Plan = Load(yaml), Describe = yaml.FileName };
        }
        var assembly = CodeInput.Resolve(codePath, output, args.Quiet);
        var bundle = CodeInput.Bundle(assembly);
        // A C# project's data files are beside its built assembly (copied to the output folder).
        var source = codeOnly ? Read(args, text: "", fileName: Path.GetFileName(assembly)) with { DataRoot = Path.GetDirectoryName(Path.GetFullPath(assembly)) } : Read(args);
        Rampa.Core.Workloads.Code.CodeLoadContext? code = null;
        try
        {
            code = Rampa.Core.Workloads.Code.CodeLoadContext.Load(assembly);
            var plan = Rampa.Core.Workloads.Code.CodePlanLoader.Load(source, code);
            return new LoadedScenario { Source = source, Plan = plan, Code = bundle, CodeContext = code, Describe = codeOnly ? path : $"{source.FileName} + {codePath}" };
        }
        catch (Rampa.Core.Workloads.Code.CodeLoadException e)
        {
            code?.Dispose();
            throw new CliUsageException(e.Message);
        }
        catch
        {
            code?.Dispose();
            throw;
        }
    }
}
