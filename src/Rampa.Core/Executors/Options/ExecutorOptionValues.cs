using System.Globalization;
using Rampa.Core.Scenarios.Yaml;

namespace Rampa.Core.Executors;

/// <summary>
/// Executor options as plain text values, written as in a scenario file: <c>"100"</c>, <c>"1m"</c>, <c>"poisson"</c>, and
/// a stage as <c>duration:target</c> (<c>"30s:50"</c>, one value per stage). For executors declared outside YAML, e.g.
/// from C# attribute values. Problems are collected in <see cref="Errors"/>, each naming its option.
/// <code>
/// var values = new ExecutorOptionValues().Set("rate", "100").Set("duration", "1m").Set("preAllocatedVUs", "10");
/// var executor = values.Build("constant-arrival-rate"); // null when values.Errors is not empty
/// </code>
/// </summary>
public sealed class ExecutorOptionValues : IExecutorOptionSource
{
    private readonly Dictionary<string, IReadOnlyList<string>> _values = new(StringComparer.Ordinal);
    private readonly List<OptionError> _errors = [];
    private readonly ReportedOptions _reported = new();

    public ExecutorOptionValues()
    {
    }

    /// <summary>Options by name; a stage list has one value per stage, every other option exactly one.</summary>
    public ExecutorOptionValues(IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> values)
    {
        foreach (var (option, list) in values) _values[option] = list;
    }

    /// <summary>Sets an option (replacing any value it had); returns this, to chain.</summary>
    public ExecutorOptionValues Set(string option, params string[] values)
    {
        _values[option] = values;
        return this;
    }

    /// <summary>Every problem found so far: the option (e.g. <c>duration</c>, <c>stages[1]</c>) and what is wrong.</summary>
    public IReadOnlyList<OptionError> Errors => _errors;

    public int ErrorCount => _errors.Count;

    /// <summary>
    /// Builds the executor named <paramref name="executor"/> from these values: an unknown executor, options it does
    /// not have, missing required options, bad values and failed validation all go to <see cref="Errors"/> (then null).
    /// </summary>
    public ExecutorConfig? Build(string executor)
    {
        var type = ExecutorRegistry.Find(executor);
        if (type is null)
        {
            _errors.Add(new("executor",
                $"unknown executor '{executor}'{Suggest.DidYouMean(executor, ExecutorRegistry.Names)}; expected one of {ExecutorRegistry.NameList}"));
            return null;
        }
        var before = _errors.Count;
        foreach (var option in _values.Keys.Where(o => !type.Options.Contains(o) && !ExecutorType.CommonOptions.Contains(o)))
        {
            _errors.Add(new(option, $"unknown option '{option}' for executor '{executor}'; it has {string.Join(", ", type.Options)}"));
            _reported.Mark(option);
        }
        var config = type.Build(this);
        return _errors.Count == before ? config : null;
    }

    public bool Has(string option) => _values.ContainsKey(option);

    public int? Int(string option) => Single<int>(option, "an integer",
        text => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null);

    public long? Long(string option) => Single<long>(option, "an integer",
        text => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null);

    public double? Number(string option) => Single<double>(option, "a number",
        text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null);

    public TimeSpan? Duration(string option)
    {
        if (One(option) is not { } text) return null;
        if (Read.TryDuration(text, out var value, out var error)) return value;
        Bad(option, error);
        return null;
    }

    public ArrivalDistribution? Arrival(string option) => Single<ArrivalDistribution>(option, "uniform or poisson", text => text switch
    {
        "uniform" => ArrivalDistribution.Uniform,
        "poisson" => ArrivalDistribution.Poisson,
        _ => null,
    });

    /// <summary>One value per stage, each <c>duration:target</c>, e.g. <c>30s:50</c>.</summary>
    public IReadOnlyList<Stage>? Stages(string option)
    {
        if (!_values.TryGetValue(option, out var values)) return null;
        var stages = new List<Stage>();
        for (var i = 0; i < values.Count; i++)
        {
            var text = values[i]?.Trim() ?? "";
            var at = $"{option}[{i}]";
            var colon = text.LastIndexOf(':');
            if (colon < 0)
            {
                Bad(at, $"expected a stage as duration:target, e.g. 30s:50, got '{text}'");
                stages.Add(default); // keeps its place, so the other stages are validated under their own indexes
                continue;
            }
            TimeSpan? duration = Read.TryDuration(text[..colon].Trim(), out var d, out var durationError) ? d : null;
            if (duration is null) Bad(at, $"stage '{text}': {durationError}");
            long? target = long.TryParse(text[(colon + 1)..].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var t) ? t : null;
            if (target is null) Bad(at, $"stage '{text}': expected a whole number as its target, got '{text[(colon + 1)..].Trim()}'");
            stages.Add(duration is null || target is null ? default : new Stage(duration.Value, target.Value));
        }
        return stages;
    }

    public void ReportMissing(string option, string executor)
    {
        _errors.Add(new(option, $"missing required option '{option}' for executor '{executor}'"));
        _reported.Mark(option);
    }

    public void ReportInvalid(OptionError error)
    {
        if (_reported.Covers(error.Option)) return;
        _errors.Add(Has(OptionName(error.Option)) ? error : error with { Message = $"{error.Message} (it is not set, so its default applies)" });
    }

    private static string OptionName(string option)
    {
        var end = option.IndexOfAny(['[', '.']);
        return end < 0 ? option : option[..end];
    }

    private T? Single<T>(string option, string expected, Func<string, T?> parse) where T : struct
    {
        if (One(option) is not { } text) return null;
        if (parse(text) is { } value) return value;
        Bad(option, $"expected {expected}, got '{text}'");
        return null;
    }

    /// <summary>The option's one value, trimmed; null when absent or (reported) not exactly one non-empty value.</summary>
    private string? One(string option)
    {
        if (!_values.TryGetValue(option, out var values)) return null;
        if (values.Count != 1) { Bad(option, $"expected one value, got {values.Count}"); return null; }
        var text = values[0]?.Trim() ?? "";
        if (text.Length == 0) { Bad(option, "expected a value, got an empty text"); return null; }
        return text;
    }

    private void Bad(string option, string message)
    {
        _errors.Add(new(option, message));
        _reported.Mark(option);
    }
}
