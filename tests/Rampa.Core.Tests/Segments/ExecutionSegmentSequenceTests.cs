using Rampa.Core.Executors;
using Rampa.Core.Segments;

namespace Rampa.Core.Tests.Segments;

public class ExecutionSegmentSequenceTests
{
    /// <summary>A sequence from "0,1/2,3/4,1".</summary>
    private static ExecutionSegmentSequence Seq(string boundaries) => new(boundaries.Split(',').Select(ParseRational).ToArray());

    private static Rational ParseRational(string text)
    {
        var parts = text.Split('/');
        return new Rational(long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
            parts.Length == 1 ? 1 : long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static int[] OnePeriod(ExecutionSegmentSequence s) => Enumerable.Range(0, s.Period).Select(i => s.OwnerOf(i)).ToArray();

    /// <summary>The three promises of the striping, checked for one sequence.</summary>
    private static void AssertPartition(ExecutionSegmentSequence s, IEnumerable<long> totals, string what = "")
    {
        // Shares always sum to the total exactly.
        foreach (var total in totals)
        {
            long sum = 0;
            for (var k = 0; k < s.Count; k++)
            {
                var share = s.ShareOf(k, total);
                Assert.True(share >= 0, $"{what}share of {k} of {total} is {share}");
                sum += share;
            }
            Assert.True(sum == total, $"{what}shares of {total} sum to {sum}");
        }
    }

    private static void AssertOwnership(ExecutionSegmentSequence s, long total, string what = "")
    {
        // Every index below total has exactly one owner, IndicesOf agrees with OwnerOf, and it counts ShareOf.
        var owners = new int[total];
        Array.Fill(owners, -1);
        for (var k = 0; k < s.Count; k++)
        {
            var indices = s.IndicesOf(k, total).ToList();
            Assert.True(indices.Count == s.ShareOf(k, total), $"{what}segment {k} owns {indices.Count} of {total}, ShareOf says {s.ShareOf(k, total)}");
            for (var j = 0; j < indices.Count; j++)
            {
                var i = indices[j];
                Assert.True(i >= 0 && i < total, $"{what}index {i} out of range");
                if (j > 0) Assert.True(indices[j - 1] < i, $"{what}indices of {k} are not in order");
                Assert.True(owners[i] == -1, $"{what}index {i} owned by both {owners[i]} and {k}");
                owners[i] = k;
                Assert.Equal(k, s.OwnerOf(i));
            }
        }
        Assert.True(owners.All(o => o >= 0), $"{what}some index below {total} has no owner");
    }

    // ---- construction -------------------------------------------------------------------------------------

    [Theory]
    [InlineData("0,1")]
    [InlineData("0,1/2,1")]
    [InlineData("0,1/2,3/4,1")]
    public void Keeps_its_boundaries(string boundaries)
    {
        var s = Seq(boundaries);
        Assert.Equal(boundaries, s.ToString());
        Assert.Equal(boundaries.Split(',').Length - 1, s.Count);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1/4,1")]
    [InlineData("0,3/4")]
    [InlineData("0,1/2,1/2,1")]
    [InlineData("0,3/4,1/2,1")]
    [InlineData("0,0,1")]
    public void Rejects_boundaries_that_do_not_cover_0_to_1_in_order(string boundaries) =>
        Assert.Throws<ArgumentException>(() => Seq(boundaries));

    [Fact]
    public void Rejects_a_period_too_large()
    {
        // Lengths 1/1013 and 4/(1009*1013): the period would be above a million.
        Assert.Throws<ArgumentException>(() => Seq("0,1/1013,1/1009,1"));
    }

    [Fact]
    public void Even_rejects_zero_segments() => Assert.Throws<ArgumentOutOfRangeException>(() => ExecutionSegmentSequence.Even(0));

    // ---- the deal -----------------------------------------------------------------------------------------

    [Fact]
    public void Worked_example_deals_0_1_0_2()
    {
        var s = Seq("0,1/2,3/4,1");
        Assert.Equal(4, s.Period);
        Assert.Equal(3, s.Count);
        Assert.Equal([0, 1, 0, 2], OnePeriod(s));
        // ... repeating with period 4.
        Assert.Equal([0, 1, 0, 2, 0, 1, 0, 2, 0, 1], Enumerable.Range(0, 10).Select(i => s.OwnerOf(i)));
        Assert.Equal(0, s.OwnerOf(4_000_000_000L));
        Assert.Equal(2, s.OwnerOf(4_000_000_003L));
    }

    [Theory]
    [InlineData("0,1", new[] { 0 })]
    [InlineData("0,1/2,1", new[] { 0, 1 })]
    [InlineData("0,1/3,1", new[] { 1, 0, 1 })]              // n = [1, 2]: the bigger segment deals first
    [InlineData("0,1/3,2/3,1", new[] { 0, 1, 2 })]
    [InlineData("0,1/4,3/4,1", new[] { 1, 0, 1, 2 })]
    [InlineData("0,2/5,1", new[] { 1, 0, 1, 0, 1 })]
    [InlineData("0,1/2,3/4,1", new[] { 0, 1, 0, 2 })]
    public void Deals_by_hand(string boundaries, int[] expected) => Assert.Equal(expected, OnePeriod(Seq(boundaries)));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Even_silos_deal_round_robin(int n)
    {
        var s = ExecutionSegmentSequence.Even(n);
        Assert.Equal(n, s.Count);
        Assert.Equal(n, s.Period);
        for (var i = 0; i < 10 * n; i++) Assert.Equal(i % n, s.OwnerOf(i));
        for (long total = 0; total <= 1000; total++)
            for (var k = 0; k < n; k++)
                Assert.Equal(total / n + (k < total % n ? 1 : 0), s.ShareOf(k, total));
    }

    [Theory]
    [InlineData(10, new long[] { 5, 3, 2 })]
    [InlineData(3, new long[] { 2, 1, 0 })]
    [InlineData(4, new long[] { 2, 1, 1 })]
    [InlineData(1, new long[] { 1, 0, 0 })]
    [InlineData(0, new long[] { 0, 0, 0 })]
    [InlineData(1001, new long[] { 501, 250, 250 })]
    public void Shares_of_the_worked_example(long total, long[] expected)
    {
        var s = Seq("0,1/2,3/4,1");
        Assert.Equal(expected, Enumerable.Range(0, 3).Select(k => s.ShareOf(k, total)));
    }

    [Fact]
    public void Vu_u_belongs_to_the_owner_of_u_minus_1()
    {
        var s = Seq("0,1/2,3/4,1");
        // VUs 1..5: indices 0..4 -> segments 0, 1, 0, 2, 0
        Assert.Equal([0, 1, 0, 2, 0], Enumerable.Range(1, 5).Select(u => s.OwnerOf(u - 1)));
        Assert.Equal([0L, 2, 4], s.IndicesOf(0, 5));
        Assert.Equal([1L], s.IndicesOf(1, 5));
        Assert.Equal([3L], s.IndicesOf(2, 5));
    }

    public static TheoryData<string> Sequences => new()
    {
        "0,1", "0,1/2,1", "0,1/3,2/3,1", "0,1/4,1/2,3/4,1", "0,1/5,2/5,3/5,4/5,1",
        "0,1/2,3/4,1", "0,1/3,1", "0,1/10,1", "0,2/7,3/5,1", "0,1/12,1/6,1/2,11/12,1",
    };

    [Theory]
    [MemberData(nameof(Sequences))]
    public void Shares_sum_to_every_total_up_to_1000(string boundaries)
    {
        var s = Seq(boundaries);
        AssertPartition(s, Enumerable.Range(0, 1001).Select(i => (long)i).Append(1_000_000_007L).Append(long.MaxValue / 2));
    }

    [Theory]
    [MemberData(nameof(Sequences))]
    public void Every_index_has_exactly_one_owner(string boundaries)
    {
        var s = Seq(boundaries);
        foreach (var total in new long[] { 0, 1, 2, 3, 7, 59, 100, 1000, s.Period - 1, s.Period, s.Period + 1, 3L * s.Period + 2 })
            AssertOwnership(s, total);
    }

    [Theory]
    [MemberData(nameof(Sequences))]
    public void Each_segment_owns_its_length_of_each_period(string boundaries)
    {
        var s = Seq(boundaries);
        for (var k = 0; k < s.Count; k++)
        {
            var length = s.Boundaries[k + 1] - s.Boundaries[k];
            Assert.Equal(length.Numerator * s.Period / length.Denominator, s.ShareOf(k, s.Period));
            Assert.Equal(7 * length.Numerator * s.Period / length.Denominator, s.ShareOf(k, 7L * s.Period));
        }
    }

    // ---- properties over random sequences -----------------------------------------------------------------

    /// <summary>~200 random sequences of 1..16 segments with boundaries of denominator up to 12, from a fixed seed.</summary>
    public static IEnumerable<ExecutionSegmentSequence> RandomSequences()
    {
        var random = new Random(1234567);
        var candidates = (from d in Enumerable.Range(2, 11)
                          from n in Enumerable.Range(1, d - 1)
                          select new Rational(n, d)).Distinct()
                         .OrderBy(r => (double)r.Numerator / r.Denominator).ToArray();
        for (var c = 0; c < 200; c++)
        {
            var segments = random.Next(1, 17);
            var inner = candidates.OrderBy(_ => random.Next()).Take(segments - 1)
                .OrderBy(r => (double)r.Numerator / r.Denominator);
            yield return new ExecutionSegmentSequence([Rational.Zero, .. inner, Rational.One]);
        }
    }

    [Fact]
    public void Random_sequences_partition_every_total()
    {
        var cases = 0;
        foreach (var s in RandomSequences())
        {
            var what = $"sequence {s} (period {s.Period}): ";
            AssertPartition(s, Enumerable.Range(0, 1001).Select(i => (long)i)
                .Concat([s.Period - 1L, s.Period, s.Period + 1L, 5L * s.Period + 3, 123_456_789_012L]), what);
            foreach (var total in new long[] { 0, 1, 17, 250, 1000, s.Period - 1, s.Period, s.Period + 1 })
                AssertOwnership(s, total, what);
            cases++;
        }
        Assert.Equal(200, cases);
    }

    [Fact]
    public void Random_sequences_split_an_arrival_schedule_into_exactly_the_single_silo_schedule()
    {
        var random = new Random(98765);
        foreach (var s in RandomSequences())
        {
            var executor = new ConstantArrivalRate
            {
                Rate = random.Next(1, 400),
                TimeUnit = TimeSpan.FromMilliseconds(random.Next(1, 5) * 500),
                Duration = TimeSpan.FromSeconds(random.Next(1, 6)),
                PreAllocatedVus = random.Next(0, 50),
            };
            var total = executor.TotalIterations;
            var single = Enumerable.Range(0, (int)total).Select(g => (G: (long)g, At: executor.StartOffset(g))).ToList();

            // Each silo walks only its own indices of the global schedule.
            var perSilo = Enumerable.Range(0, s.Count)
                .Select(k => s.IndicesOf(k, total).Select(g => (G: g, At: executor.StartOffset(g))).ToList())
                .ToList();
            Assert.Equal(total, perSilo.Sum(p => (long)p.Count));
            for (var k = 0; k < s.Count; k++) Assert.Equal(s.ShareOf(k, total), perSilo[k].Count);
            var union = perSilo.SelectMany(p => p).OrderBy(x => x.G).ToList();
            Assert.Equal(single, union);
            // And the offsets alone, merged in time order, are the single-silo offsets.
            Assert.Equal(single.Select(x => x.At), perSilo.SelectMany(p => p.Select(x => x.At)).Order());

            // The executor is split by maxVUs: the shares of the VUs sum to maxVUs too.
            Assert.Equal(executor.MaxVus, Enumerable.Range(0, s.Count).Sum(k => s.ShareOf(k, executor.MaxVus)));
        }
    }
}
