namespace Rampa.Core.Data;

/// <summary>
/// One index per data file per process: the CLI validates the plan and the embedded silo loads it again, and every run
/// of a cluster's silo loads its plan; a file is indexed once while it stays the same (path, length, write time).
/// Entries for a file that changed are replaced. Thread-safe.
/// </summary>
public static class DataFileCache
{
    private static readonly Dictionary<(string Path, long Length, DateTime Written), IDataFile> Files = new();
    private static readonly Lock Gate = new();

    /// <summary>The indexed file at <paramref name="path"/>, named <paramref name="name"/> in messages (by its extension: .csv or .json).</summary>
    /// <exception cref="DataFileException">Missing, of another type, or malformed.</exception>
    public static IDataFile Open(string path, string name)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new DataFileException(name, 0, 0, "no such file");
        var key = (info.FullName, info.Length, info.LastWriteTimeUtc);
        lock (Gate)
        {
            if (Files.TryGetValue(key, out var cached)) return cached;
        }
        IDataFile file = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => CsvDataFile.Open(path, name),
            ".json" => JsonDataFile.Open(path, name),
            var other => throw new DataFileException(name, 0, 0, $"a data file is .csv or .json, not '{other}'"),
        };
        if (info.Length <= InMemoryDataFile.MaxBytes)
        {
            // Small (nearly every test data file): parsed once, rows served from memory.
            var indexed = file;
            file = new InMemoryDataFile(indexed);
            indexed.Dispose();
        }
        lock (Gate)
        {
            foreach (var stale in Files.Keys.Where(k => k.Path == key.FullName && k != key).ToList())
            {
                Files[stale].Dispose();
                Files.Remove(stale);
            }
            if (Files.TryGetValue(key, out var raced)) { file.Dispose(); return raced; }
            Files[key] = file;
            return file;
        }
    }
}
