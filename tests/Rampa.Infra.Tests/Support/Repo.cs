namespace Rampa.Infra.Tests.Support;

/// <summary>Paths in the repository the tests run from.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>Every Bicep file azd compiles: the entry point and the modules it composes.</summary>
    public static IEnumerable<string> BicepFiles =>
        Directory.GetFiles(PathOf("infra"), "*.bicep").Concat(Directory.GetFiles(PathOf("bicep"), "*.bicep")).Order(StringComparer.Ordinal);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rampa.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Rampa.sln not found above " + AppContext.BaseDirectory);
    }
}
