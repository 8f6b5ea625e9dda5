using Rampa.Core.Time;

namespace Rampa.Core.Tests;

public class DurationFormatTests
{
    public static TheoryData<string, long> Valid => new()
    {
        { "500ms", 500 * TimeSpan.TicksPerMillisecond },
        { "30s", 30 * TimeSpan.TicksPerSecond },
        { "5m", 5 * TimeSpan.TicksPerMinute },
        { "1h", TimeSpan.TicksPerHour },
        { "1m30s", 90 * TimeSpan.TicksPerSecond },
        { "1h2m3s4ms", TimeSpan.TicksPerHour + 2 * TimeSpan.TicksPerMinute + 3 * TimeSpan.TicksPerSecond + 4 * TimeSpan.TicksPerMillisecond },
        { "1.5s", 15 * TimeSpan.TicksPerSecond / 10 },
        { "0.25m", 15 * TimeSpan.TicksPerSecond },
        { "250us", 250 * TimeSpan.TicksPerMicrosecond },
        { "250µs", 250 * TimeSpan.TicksPerMicrosecond },
        { "0", 0 },
        { "0s", 0 },
        { " 10s ", 10 * TimeSpan.TicksPerSecond },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parses_k6_durations(string text, long ticks)
    {
        Assert.True(DurationFormat.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromTicks(ticks), value);
        Assert.Equal(TimeSpan.FromTicks(ticks), DurationFormat.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("30")]        // a unit is always required
    [InlineData("1.5")]
    [InlineData("-5s")]       // never negative
    [InlineData("5 s")]
    [InlineData("5sec")]
    [InlineData("1d")]
    [InlineData("s")]
    [InlineData("1.s")]
    [InlineData("1m30")]
    [InlineData("abc")]
    public void Rejects_anything_else(string? text)
    {
        Assert.False(DurationFormat.TryParse(text, out var value));
        Assert.Equal(TimeSpan.Zero, value);
    }

    [Fact]
    public void Parse_throws_a_format_exception_naming_the_text()
    {
        var ex = Assert.Throws<FormatException>(() => DurationFormat.Parse("soon"));
        Assert.Contains("'soon'", ex.Message);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(500 * TimeSpan.TicksPerMillisecond, "500ms")]
    [InlineData(30 * TimeSpan.TicksPerSecond, "30s")]
    [InlineData(90 * TimeSpan.TicksPerSecond, "1m30s")]
    [InlineData(TimeSpan.TicksPerHour, "1h")]
    [InlineData(TimeSpan.TicksPerHour + 5 * TimeSpan.TicksPerSecond, "1h5s")]
    [InlineData(15 * TimeSpan.TicksPerSecond / 10, "1.5s")]
    [InlineData(61500 * TimeSpan.TicksPerMillisecond, "1m1.5s")]
    [InlineData(250 * TimeSpan.TicksPerMicrosecond, "250us")]
    [InlineData(-5 * TimeSpan.TicksPerSecond, "-5s")]
    [InlineData(26 * TimeSpan.TicksPerHour, "26h")]
    public void Formats_the_shortest_exact_form(long ticks, string expected)
    {
        Assert.Equal(expected, DurationFormat.Format(TimeSpan.FromTicks(ticks)));
    }

    [Theory]
    [InlineData("1m30s")]
    [InlineData("2h45m10.25s")]
    [InlineData("999ms")]
    [InlineData("1.234567s")]
    public void Format_and_parse_round_trip(string text)
    {
        var value = DurationFormat.Parse(text);
        Assert.Equal(value, DurationFormat.Parse(DurationFormat.Format(value)));
    }
}
