using System.Text;
using Rampa.Core.Data;

namespace Rampa.Core.Tests.Data;

public sealed class CsvDataFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rampa-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string text, bool bom = false)
    {
        var path = Path.Combine(_dir, $"f{Guid.NewGuid():N}.csv");
        File.WriteAllBytes(path, [.. bom ? Encoding.UTF8.GetPreamble() : [], .. Encoding.UTF8.GetBytes(text)]);
        return path;
    }

    private CsvDataFile Open(string text, bool bom = false) => CsvDataFile.Open(Write(text, bom), "users.csv");

    private static List<string[]> All(IDataFile f) => Enumerable.Range(0, (int)f.RowCount).Select(i => f.ReadRow(i)).ToList();

    [Fact]
    public void Reads_the_header_and_every_row_by_index()
    {
        using var f = Open("email,password\na@x.io,pa\nb@x.io,pb\n");
        Assert.Equal(["email", "password"], f.Columns);
        Assert.Equal(2, f.RowCount);
        Assert.Equal(["b@x.io", "pb"], f.ReadRow(1));
        Assert.Equal(["a@x.io", "pa"], f.ReadRow(0));
    }

    [Theory]
    [InlineData("a,b\r\n1,2\r\n3,4\r\n")]          // CRLF
    [InlineData("a,b\n1,2\n3,4")]                   // no newline at the end
    [InlineData("a,b\n\n1,2\n\r\n3,4\n\n")]         // blank lines are skipped
    public void Line_endings_and_blank_lines(string text)
    {
        using var f = Open(text);
        Assert.Equal([["1", "2"], ["3", "4"]], All(f));
    }

    [Fact]
    public void Quoted_fields_hold_commas_quotes_newlines_and_utf8()
    {
        using var f = Open("name,note\n\"Smith, Jane\",\"said \"\"hi\"\"\nthen left\"\nZoë,\"\"\n", bom: true);
        Assert.Equal(["name", "note"], f.Columns);                 // the BOM is not part of the first column's name
        Assert.Equal([["Smith, Jane", "said \"hi\"\nthen left"], ["Zoë", ""]], All(f));
    }

    [Fact]
    public void Empty_fields_and_a_trailing_comma()
    {
        using var f = Open("a,b,c\n,,\n1,,3\n");
        Assert.Equal([["", "", ""], ["1", "", "3"]], All(f));
    }

    [Theory]
    [InlineData("a,b\n1,2\n3\n", 3, 1, "this row has 1 field(s), the header has 2")]
    [InlineData("a,b\n1,\"2\n3,4\n", 2, 3, "a quoted field is not closed")]
    [InlineData("a,b\n1,2\"x\n", 2, 4, "a quote inside a field")]
    [InlineData("a,b\n\"1\"x,2\n", 2, 4, "text after a closing quote")]
    [InlineData("a,b\n1,2\n\"multi\nline\",3,4\n", 3, 1, "this row has 3 field(s)")]  // the row's first line
    public void A_malformed_line_is_an_error_with_its_line_and_column(string text, int line, int col, string message)
    {
        var e = Assert.Throws<DataFileException>(() => Open(text));
        Assert.Equal((line, col), (e.Line, e.Column));
        Assert.Contains(message, e.Message);
        Assert.StartsWith($"users.csv:{line}:{col}: ", e.Message);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("\n\n", "the file is empty")]
    [InlineData("a,b\n", "a header but no rows")]
    [InlineData("a,a\n1,2\n", "names column 'a' twice")]
    [InlineData("a,\n1,2\n", "column 2 of the header has no name")]
    public void Empty_files_and_bad_headers(string text, string message)
    {
        var e = Assert.Throws<DataFileException>(() => Open(text));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var e = Assert.Throws<DataFileException>(() => CsvDataFile.Open(Path.Combine(_dir, "nope.csv"), "data/nope.csv"));
        Assert.Equal("data/nope.csv: no such file", e.Message);
    }

    [Fact]
    public void A_file_larger_than_the_read_buffer_is_indexed_across_buffer_boundaries()
    {
        var sb = new StringBuilder("id,text\n");
        for (var i = 0; i < 20_000; i++) sb.Append(i).Append(",\"row ").Append(i).Append(i % 7 == 0 ? ",\nsecond line\"\r\n" : "\"\n");
        using var f = Open(sb.ToString());
        Assert.Equal(20_000, f.RowCount);
        Assert.Equal(["14", "row 14,\nsecond line"], f.ReadRow(14));
        Assert.Equal(["19998", "row 19998"], f.ReadRow(19_998));
        Assert.Equal(["19999", "row 19999,\nsecond line"], f.ReadRow(19_999));
        Assert.All(Enumerable.Range(0, 20_000).Where(i => i % 997 == 0), i => Assert.Equal(i.ToString(), f.ReadRow(i)[0]));
    }
}
