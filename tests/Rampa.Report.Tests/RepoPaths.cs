namespace Rampa.Report.Tests;

/// <summary>Where test artifacts go: artifacts/test-results under the repository root (the folder with Rampa.sln).</summary>
internal static class RepoPaths
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Rampa.sln"))) return dir.FullName;
            throw new InvalidOperationException("Rampa.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string TestResults
    {
        get
        {
            var path = Path.Combine(Root, "artifacts", "test-results");
            Directory.CreateDirectory(path);
            return path;
        }
    }
}
