namespace Rampa.Sdk;

/// <summary>
/// A data source of a scenario assembly, as the YAML file's <c>data:</c> entry:
/// <c>[assembly: DataSource("users", "users.csv", Mode = "unique")]</c>. The file is relative to the built assembly's
/// folder (mark it <c>CopyToOutputDirectory</c> in the project); a scenario takes rows with
/// <c>await worker.Data("users").NextAsync()</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class DataSourceAttribute(string name, string file) : Attribute
{
    /// <summary>The source's name, as <c>worker.Data(name)</c> names it.</summary>
    public string Name { get; } = name;
    /// <summary>A .csv file with a header row, or a .json file holding an array of objects.</summary>
    public string File { get; } = file;
    /// <summary><c>sequential</c> (the default), <c>unique</c>, <c>random</c> or <c>perVu</c>.</summary>
    public string? Mode { get; set; }
    /// <summary>For <c>unique</c>: <c>stop</c> (the default), <c>recycle</c> or <c>fail</c>.</summary>
    public string? OnExhausted { get; set; }
    /// <summary><c>iteration</c> (the default: each <c>NextAsync</c> takes a new row) or <c>vu</c> (one row per VU).</summary>
    public string? Per { get; set; }
}
