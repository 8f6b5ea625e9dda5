using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Rampa.Infra.Tests.Support;

/// <summary>The bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64, run offline.</summary>
internal static class Bicep
{
    public const string ExpectedVersion = "0.49.2";

    /// <summary>tools/bicep inside the restored package; the csproj writes the path into an AssemblyMetadata attribute.</summary>
    public static string BinaryPath { get; } = Locate();

    private static readonly Lazy<JsonObject> CompiledMain = new(() =>
    {
        var result = Run("build", Repo.PathOf("infra", "main.bicep"), "--stdout");
        if (result.ExitCode != 0) throw new InvalidOperationException("bicep build failed:\n" + result.StdErr);
        return JsonNode.Parse(result.StdOut)!.AsObject();
    });

    /// <summary>infra/main.bicep compiled to an ARM template (compiled once per test run).</summary>
    public static JsonObject MainTemplate => CompiledMain.Value;

    public static Result Run(params string[] args)
    {
        var psi = new ProcessStartInfo(BinaryPath) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // Offline and quiet: no telemetry, no version check.
        psi.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', args)} did not finish in 3 minutes");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Locate()
    {
        var path = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value;
        if (string.IsNullOrEmpty(path) || path.StartsWith("/tools/", StringComparison.Ordinal) || !File.Exists(path))
            throw new InvalidOperationException($"the bicep binary was not found at '{path}': restore Azure.Bicep.CommandLine.linux-x64");
        // NuGet extracts the file with the owner's execute bit only; make sure whoever runs the tests may execute it.
        var mode = File.GetUnixFileMode(path);
        const UnixFileMode exec = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & exec) != exec)
        {
            try { File.SetUnixFileMode(path, mode | exec); }
            catch (UnauthorizedAccessException) { /* not the owner: the owner's bit is what counts for them */ }
        }
        return path;
    }

    public sealed record Result(int ExitCode, string StdOut, string StdErr);
}
