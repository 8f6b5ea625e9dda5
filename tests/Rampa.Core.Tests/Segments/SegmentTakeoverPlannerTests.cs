using Rampa.Core.Segments;

namespace Rampa.Core.Tests.Segments;

public class SegmentTakeoverPlannerTests
{
    private static readonly Dictionary<string, long> None = new();

    private static SegmentSlot Slot(int segment, string silo, bool done = false, int generation = 0, long completed = 0, double reported = 0) =>
        new(segment, generation, silo, done, new Dictionary<string, long> { ["s"] = completed }, TimeSpan.FromSeconds(reported));

    [Fact]
    public void Nothing_happens_while_every_silo_is_active()
    {
        Assert.Empty(SegmentTakeoverPlanner.Plan([Slot(0, "a"), Slot(1, "b")], ["a", "b"]));
    }

    [Fact]
    public void A_lost_segment_goes_to_the_least_loaded_survivor_as_the_next_generation_from_its_last_report()
    {
        var plan = SegmentTakeoverPlanner.Plan([Slot(0, "a"), Slot(1, "b", completed: 42, reported: 7.5), Slot(2, "c"), Slot(3, "c")], ["a", "c"]);
        var t = Assert.Single(plan);
        Assert.Equal(1, t.Segment);
        Assert.Equal(1, t.Generation);
        Assert.Equal("b", t.LostSilo);
        Assert.Equal("a", t.NewSilo); // a runs 1 segment, c runs 2
        Assert.Equal(TimeSpan.FromSeconds(7.5), t.ResumeAfter);
        Assert.Equal(42, t.CompletedBefore["s"]);
    }

    [Fact]
    public void Several_lost_segments_spread_over_the_survivors()
    {
        var plan = SegmentTakeoverPlanner.Plan([Slot(0, "a"), Slot(1, "b"), Slot(2, "c"), Slot(3, "d")], ["a", "b"]);
        Assert.Equal(["a", "b"], plan.Select(t => t.NewSilo));
        Assert.Equal([2, 3], plan.Select(t => t.Segment));
    }

    [Fact]
    public void A_finished_segment_is_not_taken_over_and_a_takeover_of_a_takeover_counts_generations()
    {
        Assert.Empty(SegmentTakeoverPlanner.Plan([Slot(0, "a"), Slot(1, "b", done: true)], ["a"]));
        var t = Assert.Single(SegmentTakeoverPlanner.Plan([Slot(0, "a"), Slot(1, "c", generation: 1)], ["a"]));
        Assert.Equal(2, t.Generation);
    }

    [Fact]
    public void With_no_survivor_there_is_nothing_to_hand_over_and_a_segment_that_never_reported_resumes_from_the_start()
    {
        Assert.Empty(SegmentTakeoverPlanner.Plan([Slot(0, "a")], []));
        Assert.Equal(TimeSpan.Zero, Assert.Single(SegmentTakeoverPlanner.Plan([Slot(0, "a"), Slot(1, "b")], ["a"])).ResumeAfter);
    }
}
