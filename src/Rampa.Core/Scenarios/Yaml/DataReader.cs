using System.Text.RegularExpressions;
using Rampa.Core.Data;

namespace Rampa.Core.Scenarios.Yaml;

/// <summary>
/// The top-level <c>data:</c> section: named sources, each a CSV or JSON file (relative to the scenario file) with a
/// mode. Each file is indexed here (<see cref="DataFileCache"/>), so a missing or malformed file is an error at load,
/// with the scenario's place and, for a malformed row, the data file's line.
/// </summary>
internal static partial class DataReader
{
    private static readonly string[] Keys = ["file", "mode", "onExhausted", "per"];
    private static readonly string[] Modes = ["sequential", "unique", "random", "perVu"];
    private static readonly string[] Exhaustions = ["stop", "recycle", "fail"];
    private static readonly string[] Pers = ["iteration", "vu"];

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    public static DataCatalog Read(LoadContext ctx, Fields top, ScenarioSource source)
    {
        if (!top.TryGet("data", out var section)) return DataCatalog.Empty;
        var map = Fields.Of(ctx, section.Value, section.Path, "a mapping of data source names to { file, mode }");
        if (map is null) return DataCatalog.Empty;
        var sources = new List<DataSource>();
        foreach (var entry in map.All)
        {
            if (!NamePattern().IsMatch(entry.Name))
            {
                ctx.Error(entry.Key, entry.Path, $"'{entry.Name}' is not a data source name (letters, digits, '_' and '-', not starting with a digit)");
                continue;
            }
            if (ReadOne(ctx, entry, source) is { } spec && Open(ctx, entry, spec, source) is { } file)
                sources.Add(new DataSource(sources.Count, spec, file));
        }
        return new DataCatalog(sources);
    }

    private static DataSourceSpec? ReadOne(LoadContext ctx, Field entry, ScenarioSource source)
    {
        // The short form `users: users.csv` is a sequential source.
        if (entry.Value is YamlDotNet.RepresentationModel.YamlScalarNode)
        {
            var path = Yaml.Read.Text(ctx, entry.Value, entry.Path, "a file name, or { file, mode }");
            return path is null ? null : new DataSourceSpec { Name = entry.Name, File = path, At = ctx.At(entry.Value) };
        }
        var fields = Fields.Of(ctx, entry.Value, entry.Path, "a mapping with file, mode, onExhausted and per");
        if (fields is null) return null;
        fields.ReportUnknown(ctx, Keys, context: $" in data source '{entry.Name}' (it has file, mode, onExhausted and per)");
        if (!fields.TryGet("file", out var fileField))
        {
            ctx.Error(entry.Key, entry.Path, $"data source '{entry.Name}' needs a 'file' (a .csv or .json file, relative to the scenario file)");
            return null;
        }
        var file = Yaml.Read.Text(ctx, fileField.Value, fileField.Path, "a file name");
        var mode = Choice(ctx, fields, "mode", Modes) switch
        {
            "unique" => DataMode.Unique,
            "random" => DataMode.Random,
            "perVu" => DataMode.PerVu,
            _ => DataMode.Sequential,
        };
        var exhausted = Choice(ctx, fields, "onExhausted", Exhaustions) switch
        {
            "recycle" => DataExhaustion.Recycle,
            "fail" => DataExhaustion.Fail,
            _ => DataExhaustion.Stop,
        };
        if (fields.TryGet("onExhausted", out var ex) && mode != DataMode.Unique)
            ctx.Error(ex.Key, ex.Path, $"'onExhausted' is for mode: unique (a {Modes[(int)mode]} source never runs out)");
        var per = Choice(ctx, fields, "per", Pers) == "vu" ? DataPer.Vu : DataPer.Iteration;
        if (fields.TryGet("per", out var perField) && mode == DataMode.PerVu && per == DataPer.Iteration)
            ctx.Error(perField.Value, perField.Path, "mode: perVu gives each VU its own row for all its iterations; 'per: iteration' contradicts it");
        if (mode == DataMode.PerVu) per = DataPer.Vu;
        return file is null ? null : new DataSourceSpec
        {
            Name = entry.Name, File = file, Mode = mode, OnExhausted = exhausted, Per = per, At = ctx.At(fileField.Value),
        };
    }

    private static string? Choice(LoadContext ctx, Fields fields, string key, string[] allowed)
    {
        if (!fields.TryGet(key, out var field)) return null;
        var text = Yaml.Read.Text(ctx, field.Value, field.Path, string.Join(", ", allowed));
        if (text is null) return null;
        if (allowed.Contains(text)) return text;
        ctx.Error(field.Value, field.Path, $"unknown {key} '{text}'; expected one of {string.Join(", ", allowed)}{Suggest.DidYouMean(text, allowed)}");
        return null;
    }

    private static IDataFile? Open(LoadContext ctx, Field entry, DataSourceSpec spec, ScenarioSource source)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(source.FileName)) ?? ".";
        var full = Path.IsPathRooted(spec.File) ? spec.File : Path.Combine(source.DataRoot ?? dir, spec.File);
        try
        {
            return DataFileCache.Open(full, spec.File);
        }
        catch (DataFileException e)
        {
            // A missing or unusable file is reported at the scenario's place; a malformed row also names the data file's line.
            ctx.Error(spec.At, entry.Path + ".file", $"data source '{spec.Name}': {e.Message}");
            return null;
        }
    }
}
