using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Rampa.Core.Scenarios;
using Rampa.Sdk;

namespace Rampa.Core.Workloads.Code;

/// <summary>
/// A scenario assembly's attributes written as the YAML scenario they mean (each <c>[Scenario]</c> an entry of
/// <c>scenarios:</c> with <c>exec:</c>, each <c>[Threshold]</c> under <c>thresholds:</c>, <c>[RampaOptions]</c> at the
/// top), so that C# and YAML scenarios go through one loader and one set of rules. Every line remembers which
/// attribute it came from, so an error in it is told at the method and with the attribute's property name.
/// </summary>
internal sealed class CodePlanText
{
    private readonly StringBuilder _text = new();
    private readonly List<(SourceLocation Place, string Key)> _origins = [];

    public string Text => _text.ToString();

    /// <summary>Where line <paramref name="line"/> (1-based) came from.</summary>
    public (SourceLocation Place, string Key)? Origin(int line) => line >= 1 && line <= _origins.Count ? _origins[line - 1] : null;

    public static CodePlanText Write(CodeCatalog catalog)
    {
        var w = new CodePlanText();
        var top = catalog.Places.Assembly;
        foreach (var (name, value) in catalog.Options)
        {
            var key = $"[RampaOptions] {name}";
            switch (name)
            {
                case nameof(RampaOptionsAttribute.Name): w.Line($"name: {Quote(value)}", top, key); break;
                case nameof(RampaOptionsAttribute.BaseUrl): w.Line($"baseUrl: {Quote(value)}", top, key); break;
                case nameof(RampaOptionsAttribute.Seed): w.Line($"seed: {Number(value)}", top, key); break;
                case nameof(RampaOptionsAttribute.StrictThresholds): w.Line($"strictThresholds: {(value is true ? "true" : "false")}", top, key); break;
                case nameof(RampaOptionsAttribute.InsecureSkipTlsVerify): w.Line($"insecureSkipTLSVerify: {(value is true ? "true" : "false")}", top, key); break;
                case nameof(RampaOptionsAttribute.Timeout):
                    w.Line("defaults:", top, key);
                    w.Line($"  timeout: {Quote(value)}", top, key);
                    break;
                case nameof(RampaOptionsAttribute.SummaryTrendStats):
                    w.Line($"summaryTrendStats: [{string.Join(", ", ((object?[]?)value ?? []).Select(Quote))}]", top, key);
                    break;
            }
        }
        if (catalog.DataSources.Count > 0)
        {
            w.Line("data:", top, "[DataSource]");
            foreach (var d in catalog.DataSources)
            {
                var key = $"[DataSource(\"{d.Name}\")]";
                w.Line($"  {Quote(d.Name)}:", top, key);
                w.Line($"    file: {Quote(d.File)}", top, key);
                foreach (var (option, value) in d.Options)
                    w.Line($"    {OptionName(option)}: {Quote(value)}", top, $"{key} {option}");
            }
        }
        if (catalog.Thresholds.Count > 0)
        {
            w.Line("thresholds:", top, "[Threshold]");
            foreach (var group in catalog.Thresholds.GroupBy(t => t.Metric, StringComparer.Ordinal))
            {
                w.Line($"  {Quote(group.Key)}:", group.First().Place, $"[Threshold(\"{group.Key}\")]");
                foreach (var t in group)
                foreach (var expression in t.Expressions)
                {
                    var key = $"[Threshold(\"{t.Metric}\", \"{expression}\")]";
                    w.Line($"    - threshold: {Quote(expression)}", t.Place, key);
                    if (t.AbortOnFail) w.Line("      abortOnFail: true", t.Place, key);
                    if (t.DelayAbortEval is { } delay) w.Line($"      delayAbortEval: {Quote(delay)}", t.Place, key + " DelayAbortEval");
                }
            }
        }
        w.Line("scenarios:", top, "[Scenario]");
        foreach (var s in catalog.Scenarios)
        {
            var key = CodeCatalog.Key(s.Method);
            w.Line($"  {Quote(s.Name)}:", s.Place, key);
            var executor = s.Options.FirstOrDefault(o => o.MemberName == nameof(ScenarioAttribute.Executor)).TypedValue.Value as string;
            w.Line(executor is null ? "    executor: null" : $"    executor: {Quote(executor)}", s.Place, $"{key}: [Scenario] Executor");
            foreach (var option in s.Options)
            {
                var at = $"{key}: [Scenario] {option.MemberName}";
                var value = CodeCatalog.Plain(option.TypedValue);
                switch (option.MemberName)
                {
                    case nameof(ScenarioAttribute.Name) or nameof(ScenarioAttribute.Executor):
                        break;
                    case nameof(ScenarioAttribute.Stages):
                        w.Line("    stages:", s.Place, at);
                        foreach (var (stage, i) in ((object?[]?)value ?? []).Select((x, i) => (x as string ?? "", i)))
                            w.Line(Stage(stage), s.Place, $"{at}[{i}] (\"duration:target\", e.g. \"30s:50\")");
                        break;
                    case nameof(ScenarioAttribute.Tags):
                        w.Line("    tags:", s.Place, at);
                        foreach (var tag in ((object?[]?)value ?? []).Select(x => x as string ?? ""))
                        {
                            var eq = tag.IndexOf('=');
                            w.Line(eq <= 0 ? $"      {Quote(tag)}: [\"needs key=value\"]" : $"      {Quote(tag[..eq])}: {Quote(tag[(eq + 1)..])}", s.Place, $"{at} \"{tag}\"");
                        }
                        break;
                    default:
                        w.Line($"    {OptionName(option.MemberName)}: {Scalar(value)}", s.Place, at);
                        break;
                }
            }
            w.Line($"    exec: {Quote(s.ExecName)}", s.Place, key);
        }
        return w;
    }

    /// <summary>The YAML name of a [Scenario] property: <c>PreAllocatedVUs</c> → <c>preAllocatedVUs</c>.</summary>
    public static string OptionName(string property) => char.ToLowerInvariant(property[0]) + property[1..];

    private static string Stage(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon <= 0
            ? $"      - {Quote(text)}"
            : $"      - {{ duration: {Quote(text[..colon].Trim())}, target: {Raw(text[(colon + 1)..].Trim())} }}";
    }

    private void Line(string text, SourceLocation place, string key)
    {
        _text.Append(text).Append('\n');
        _origins.Add((place, key));
    }

    private static string Scalar(object? value) => value switch
    {
        string s => Quote(s),
        null => "null",
        _ => Number(value),
    };

    /// <summary>A number as written (so "50" is the integer 50), anything else quoted (and then reported as not a number).</summary>
    private static string Raw(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? text : Quote(text);

    private static string Number(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null";

    /// <summary>A double-quoted YAML scalar (JSON's escaping is valid YAML).</summary>
    private static string Quote(object? value) => JsonSerializer.Serialize(value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
}
