using System.Text;
using Rampa.Core.Protocols.Sse;
using Rampa.Sdk;

namespace Rampa.Core.Tests.Protocols.Sse;

/// <summary>The Server-Sent Events wire format, as the WHATWG standard reads it, fed in pieces.</summary>
public class SseParserTests
{
    private static List<SseEvent> Parse(params string[] chunks)
    {
        var parser = new SseParser();
        var events = new List<SseEvent>();
        foreach (var c in chunks) Assert.True(parser.Feed(Encoding.UTF8.GetBytes(c), events));
        return events;
    }

    [Fact]
    public void Data_lines_join_with_newlines_and_a_blank_line_dispatches()
    {
        var events = Parse("data: a\ndata: b\n\ndata:c\n\n");
        Assert.Equal([new SseEvent("message", "a\nb", null), new SseEvent("message", "c", null)], events);
    }

    [Fact]
    public void Event_type_and_id_are_read_and_the_id_persists()
    {
        var events = Parse("event: done\nid: 7\ndata: [DONE]\n\ndata: next\n\n");
        Assert.Equal(new SseEvent("done", "[DONE]", "7"), events[0]);
        Assert.Equal(new SseEvent("message", "next", "7"), events[1]);
    }

    [Fact]
    public void CR_LF_and_CRLF_all_end_lines_even_when_split_across_reads()
    {
        var events = Parse("data: one\r", "\n\r", "\ndata: two\r\rdata: three\n", "\n");
        Assert.Equal(["one", "two", "three"], events.Select(e => e.Data));
    }

    [Fact]
    public void Comments_and_unknown_fields_are_ignored_and_no_data_means_no_event()
    {
        var events = Parse(": keep-alive\n\nretry: 1000\nfoo: bar\n\nevent: ping\n\ndata\n\n");
        // "data" with no colon is a data line with an empty value: one event with empty data.
        Assert.Equal([new SseEvent("message", "", null)], events);
    }

    [Fact]
    public void Only_one_space_after_the_colon_is_removed_and_a_bom_is_skipped()
    {
        var events = Parse("\uFEFFdata:  two spaces\n\n");
        Assert.Equal(" two spaces", Assert.Single(events).Data);
    }

    [Fact]
    public void A_half_event_at_the_end_is_not_dispatched()
    {
        Assert.Empty(Parse("data: never ended\n"));
    }

    [Fact]
    public void A_line_longer_than_the_bound_is_refused()
    {
        var parser = new SseParser();
        var events = new List<SseEvent>();
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'x');
        var ok = true;
        for (var i = 0; i <= SseParser.MaxLineBytes / chunk.Length && ok; i++) ok = parser.Feed(chunk, events);
        Assert.False(ok);
        Assert.Empty(events);
    }
}
