namespace Rampa.Storage.Tests;

/// <summary>A temporary folder of artifact files with known content, deleted on dispose.</summary>
internal sealed class TempArtifactFolder : IDisposable
{
    public TempArtifactFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rampa-artifacts-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>summary.json, metrics.csv, report.html, junit.xml, and a 5 MB screenshot.png of pseudo-random bytes.</summary>
    public static TempArtifactFolder WithTypicalRun()
    {
        var folder = new TempArtifactFolder();
        folder.Write("summary.json", "{\"state\":\"completed\",\"metrics\":{}}"u8.ToArray());
        folder.Write("metrics.csv", "metric,time,value\nhttp_reqs,0,1\n"u8.ToArray());
        folder.Write("report.html", "<!doctype html><title>run</title>"u8.ToArray());
        folder.Write("junit.xml", "<testsuites/>"u8.ToArray());
        var big = new byte[5 * 1024 * 1024];
        new Random(42).NextBytes(big);
        folder.Write("screenshot.png", big);
        return folder;
    }

    public void Write(string name, byte[] content) => File.WriteAllBytes(System.IO.Path.Combine(Path, name), content);

    public byte[] Read(string name) => File.ReadAllBytes(System.IO.Path.Combine(Path, name));

    public IReadOnlyList<string> Names() =>
        Directory.EnumerateFiles(Path).Select(p => System.IO.Path.GetFileName(p)).Order(StringComparer.Ordinal).ToList();

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
