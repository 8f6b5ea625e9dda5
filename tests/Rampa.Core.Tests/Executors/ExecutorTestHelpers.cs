using Rampa.Core.Executors;
using Rampa.Core.Time;

namespace Rampa.Core.Tests.Executors;

/// <summary>Small helpers shared by the executor tests: durations from k6-style text, and error option lists.</summary>
internal static class ExecutorTestHelpers
{
    public static TimeSpan D(string text) => text.StartsWith('-') ? -DurationFormat.Parse(text[1..]) : DurationFormat.Parse(text);

    /// <summary>The options named by the validation errors, in order, joined with commas ("" when valid).</summary>
    public static string ErrorOptions(ExecutorConfig config) => string.Join(",", config.Validate().Select(e => e.Option));

    /// <summary>Asserts the exact set of options validation complains about, and that every message says something.</summary>
    public static void AssertErrors(ExecutorConfig config, string expectedCommaSeparated)
    {
        var errors = config.Validate();
        var expected = expectedCommaSeparated.Length == 0 ? [] : expectedCommaSeparated.Split(',');
        Assert.Equal(expected.Order(StringComparer.Ordinal), errors.Select(e => e.Option).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    /// <summary>Stages from "10s:20,0s:5" text.</summary>
    public static IReadOnlyList<Stage> Stages(string text) =>
        text.Length == 0 ? [] :
        text.Split(',').Select(s =>
        {
            var parts = s.Split(':');
            return new Stage(D(parts[0]), long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }).ToArray();

    /// <summary>Asserts two times are within <paramref name="toleranceTicks"/> ticks (100ns each).</summary>
    public static void AssertClose(TimeSpan expected, TimeSpan actual, long toleranceTicks = 2, string? what = null) =>
        Assert.True(Math.Abs((expected - actual).Ticks) <= toleranceTicks,
            $"{what}expected {expected} ({expected.Ticks} ticks) but got {actual} ({actual.Ticks} ticks)");
}
