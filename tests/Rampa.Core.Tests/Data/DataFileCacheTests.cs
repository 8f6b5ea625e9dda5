using System.Text;
using Rampa.Core.Data;

namespace Rampa.Core.Tests.Data;

public sealed class DataFileCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rampa-cache-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_small_file_is_kept_in_memory_and_a_large_one_stays_indexed_on_disk()
    {
        var small = Path.Combine(_dir, "small.csv");
        File.WriteAllText(small, "id\n1\n2\n");
        var large = Path.Combine(_dir, "large.csv");
        using (var w = new StreamWriter(large, false, new UTF8Encoding(false)))
        {
            w.Write("id,pad\n");
            var pad = new string('p', 200);
            for (var i = 0; i < 90_000; i++) w.Write($"{i},{pad}\n");  // about 18 MB: past InMemoryDataFile.MaxBytes
        }
        Assert.IsType<InMemoryDataFile>(DataFileCache.Open(small, "small.csv"));
        var indexed = DataFileCache.Open(large, "large.csv");
        Assert.IsType<CsvDataFile>(indexed);
        Assert.Equal(90_000, indexed.RowCount);
        Assert.Equal("89999", indexed.ReadRow(89_999)[0]);
        Assert.Same(indexed, DataFileCache.Open(large, "large.csv"));          // indexed once per process
    }

    [Fact]
    public void A_file_that_changed_is_indexed_again()
    {
        var path = Path.Combine(_dir, "users.csv");
        File.WriteAllText(path, "id\n1\n");
        Assert.Equal(1, DataFileCache.Open(path, "users.csv").RowCount);
        File.WriteAllText(path, "id\n1\n2\n3\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal(3, DataFileCache.Open(path, "users.csv").RowCount);
    }
}
