using Rampa.Core.Scenarios;

namespace Rampa.Core.Tests.Support;

/// <summary>Helpers for loader tests: load YAML text, collect its errors, find the repository.</summary>
internal static class ScenarioFiles
{
    public const string FileName = "test.yaml";

    /// <summary>An environment with nothing in it, so tests never depend on the machine's variables.</summary>
    public static string? NoEnv(string name) => null;

    public static TestPlan Load(string yaml, RunOverrides? overrides = null, IReadOnlyDictionary<string, string>? env = null,
        Func<string, string?>? processEnv = null) =>
        ScenarioLoader.Load(Source(yaml, overrides, env), processEnv ?? NoEnv);

    public static ScenarioSource Source(string yaml, RunOverrides? overrides = null, IReadOnlyDictionary<string, string>? env = null) =>
        new()
        {
            FileName = FileName,
            Text = yaml,
            Overrides = overrides ?? new RunOverrides(),
            Env = env ?? new Dictionary<string, string>(),
        };

    /// <summary>Loads text that must fail; returns every error.</summary>
    public static IReadOnlyList<ScenarioError> Errors(string yaml, RunOverrides? overrides = null, IReadOnlyDictionary<string, string>? env = null,
        Func<string, string?>? processEnv = null)
    {
        var ex = Assert.Throws<ScenarioLoadException>(() => Load(yaml, overrides, env, processEnv));
        Assert.NotEmpty(ex.Errors);
        return ex.Errors;
    }

    /// <summary>Loads text that must fail with exactly one error, and returns it.</summary>
    public static ScenarioError SingleError(string yaml, RunOverrides? overrides = null, IReadOnlyDictionary<string, string>? env = null)
    {
        var errors = Errors(yaml, overrides, env);
        Assert.True(errors.Count == 1, $"expected one error, got {errors.Count}:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        return errors[0];
    }

    /// <summary>The repository's root: the first folder above the test binaries that holds Rampa.sln.</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (System.IO.File.Exists(Path.Combine(dir.FullName, "Rampa.sln"))) return dir.FullName;
            throw new InvalidOperationException($"Rampa.sln not found above {AppContext.BaseDirectory}");
        }
    }
}
