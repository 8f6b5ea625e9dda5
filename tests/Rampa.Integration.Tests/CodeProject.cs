namespace Rampa.Integration.Tests;

/// <summary>A C# scenario project written into a test's workspace: a project file referencing the repository's SDK, and its sources.</summary>
public static class CodeProject
{
    /// <summary>Writes folder <paramref name="name"/> with <c>name.csproj</c> and <c>Scenarios.cs</c>; returns the folder.</summary>
    /// <param name="content">Files copied beside the built assembly (e.g. data files), as <c>CopyToOutputDirectory</c> items.</param>
    public static string Write(Workspace ws, string name, string scenarios, params string[] content)
    {
        var folder = Path.Combine(ws.Dir, name);
        Directory.CreateDirectory(folder);
        var sdk = Path.Combine(RampaProcess.RepoRoot, "src", "Rampa.Sdk", "Rampa.Sdk.csproj");
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{sdk}" Private="false" />
              </ItemGroup>
              <ItemGroup>
                {string.Concat(content.Select(c => $"<None Include=\"{c}\" CopyToOutputDirectory=\"PreserveNewest\" />"))}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Scenarios.cs"), "using Rampa.Sdk;\n\n" + scenarios);
        return folder;
    }
}
