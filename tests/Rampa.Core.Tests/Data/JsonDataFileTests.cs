using System.Text;
using Rampa.Core.Data;

namespace Rampa.Core.Tests.Data;

public sealed class JsonDataFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rampa-json-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private JsonDataFile Open(string text, bool bom = false)
    {
        var path = Path.Combine(_dir, $"f{Guid.NewGuid():N}.json");
        File.WriteAllBytes(path, [.. bom ? Encoding.UTF8.GetPreamble() : [], .. Encoding.UTF8.GetBytes(text)]);
        return JsonDataFile.Open(path, "skus.json");
    }

    [Fact]
    public void An_array_of_objects_gives_columns_from_the_first_and_values_as_text()
    {
        using var f = Open("""
            [
              { "sku": "A-1", "price": 9.5, "stock": 3, "tags": ["x", "y"], "active": true, "note": null },
              { "price": 12, "sku": "B-2", "extra": 1 }
            ]
            """, bom: true);
        Assert.Equal(["sku", "price", "stock", "tags", "active", "note"], f.Columns);
        Assert.Equal(2, f.RowCount);
        Assert.Equal(["A-1", "9.5", "3", "[\"x\", \"y\"]", "true", ""], f.ReadRow(0));
        Assert.Equal(["B-2", "12", "", "", "", ""], f.ReadRow(1));   // missing keys are empty; unknown keys are ignored
    }

    [Fact]
    public void A_large_file_is_indexed_across_buffer_refills()
    {
        var sb = new StringBuilder("[");
        for (var i = 0; i < 5_000; i++) sb.Append(i == 0 ? "" : ",\n").Append($$"""{"id": {{i}}, "text": "{{new string('x', i % 50)}}\"quoted\" {}[]"}""");
        sb.Append(']');
        using var f = Open(sb.ToString());
        Assert.Equal(5_000, f.RowCount);
        Assert.Equal(["4321", new string('x', 4321 % 50) + "\"quoted\" {}[]"], f.ReadRow(4321));
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("[]", "the array is empty")]
    [InlineData("{\"a\": 1}", "an array of objects")]
    [InlineData("[{\"a\": 1}, 2]", "something else than an object")]
    [InlineData("[{}]", "the first object has no keys")]
    public void Shapes_that_are_not_an_array_of_objects(string text, string message)
    {
        var e = Assert.Throws<DataFileException>(() => Open(text));
        Assert.Contains(message, e.Message);
        Assert.StartsWith("skus.json", e.Message);
    }

    [Fact]
    public void Malformed_json_names_its_line()
    {
        var sb = new StringBuilder("[\n");
        for (var i = 0; i < 3_000; i++) sb.Append($"  {{\"id\": {i}, \"pad\": \"{new string('p', 40)}\"}},\n");
        sb.Append("  {\"id\": 3000 \"oops\": 1}\n]");
        var e = Assert.Throws<DataFileException>(() => Open(sb.ToString()));
        Assert.Equal(3_002, e.Line);                                    // past the first 64 KiB read
        Assert.Contains("not valid JSON", e.Message);
        Assert.StartsWith("skus.json:3002:", e.Message);
    }
}
