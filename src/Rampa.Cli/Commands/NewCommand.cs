using System.Security;
using System.Text.RegularExpressions;
using Rampa.Core;

namespace Rampa.Cli.Commands;

/// <summary>
/// <c>rampa new NAME</c>: a C# scenario project in folder NAME that builds offline against the SDK installed with this
/// rampa (a HintPath to the Rampa.Sdk.dll beside the running tool), with one sample scenario and a README.
/// </summary>
internal static partial class NewCommand
{
    // A name that is both a folder, a project and a C# namespace: letters, digits, '_' and '.', starting with a letter.
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$")]
    private static partial Regex ValidName();

    public static int Execute(CliArguments args, TextWriter output)
    {
        var name = args.File ?? throw new CliUsageException("'new' needs a NAME, e.g. 'rampa new LoadTests'");
        var leaf = Path.GetFileName(Path.TrimEndingDirectorySeparator(name));
        if (!ValidName().IsMatch(leaf))
            throw new CliUsageException($"'new': invalid project name '{name}' (letters, digits, '_' and '.', starting with a letter)");
        var folder = Path.GetFullPath(name);
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new CliUsageException($"'new': the folder '{folder}' exists and is not empty");
        if (File.Exists(folder))
            throw new CliUsageException($"'new': '{folder}' is a file");

        var sdk = Path.Combine(AppContext.BaseDirectory, "Rampa.Sdk.dll");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, leaf + ".csproj"), Csproj(sdk));
        File.WriteAllText(Path.Combine(folder, "Scenarios.cs"), Sample(leaf));
        File.WriteAllText(Path.Combine(folder, "README.md"), Readme(leaf, name));
        output.WriteLine($"created {folder} ({leaf}.csproj, Scenarios.cs, README.md)");
        output.WriteLine($"try it: rampa target -p 5181 &  then  rampa run {name}");
        return ExitCodes.Passed;
    }

    private static string Csproj(string sdkPath) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <!-- A Rampa C# scenario project: `rampa run FOLDER` builds it and runs its [Scenario] methods. -->
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <!-- Made inside a repository with central package management, the project still manages its own versions. -->
            <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
          </PropertyGroup>
          <ItemGroup>
            <!-- The SDK installed with rampa; Private=false: rampa loads its own copy, so it is not copied beside the scenarios. -->
            <Reference Include="Rampa.Sdk">
              <HintPath>{SecurityElement.Escape(sdkPath)}</HintPath>
              <Private>false</Private>
            </Reference>
          </ItemGroup>
        </Project>

        """;

    private static string Sample(string name) => $$"""
        using Rampa.Sdk;

        // Run options and thresholds, as the top of a YAML file would hold them. `--base-url` wins over BaseUrl.
        [assembly: RampaOptions(BaseUrl = "http://127.0.0.1:5181")]
        [assembly: Threshold("http_req_failed", "rate<0.01")]
        [assembly: Threshold("checks", "rate>0.99")]

        namespace {{name}};

        public static class Scenarios
        {
            /// <summary>5 VUs loop GET / for 10 seconds.</summary>
            [Scenario(Executor = "constant-vus", Vus = 5, Duration = "10s")]
            public static async Task Home(Worker worker)
            {
                var home = await worker.Http.GetAsync("/");
                worker.Check(home, "status is 200", r => r.Status == 200);
                await worker.Think(TimeSpan.FromMilliseconds(100));
            }
        }

        """;

    private static string Readme(string leaf, string name) => $"""
        # {leaf}

        Rampa C# load scenarios. `Scenarios.cs` holds one: 5 VUs loop `GET /` for 10 seconds, with a check and thresholds.

        Run it against the demo target:

        ```
        rampa target -p 5181 &
        rampa run {name}
        ```

        `rampa run` builds this project and runs its `[Scenario]` methods; `--base-url http://127.0.0.1:PORT` points it
        at another target. Exit code 0 means every threshold passed, 99 that one failed, 107 that the project does not compile.

        """;
}
