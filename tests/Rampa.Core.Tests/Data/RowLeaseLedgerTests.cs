using Rampa.Core.Data;

namespace Rampa.Core.Tests.Data;

public class RowLeaseLedgerTests
{
    [Fact]
    public void Unique_hands_out_blocks_until_the_rows_run_out()
    {
        var book = new RowLeaseLedger(100, DataMode.Unique, DataExhaustion.Stop);
        Assert.Equal(new RowLease(0, 20, false), book.Lease("a", 20));
        Assert.Equal(new RowLease(20, 10, false), book.Lease("b", 40));  // no more than a fair part of what is left: 80 / (4 x 2 holders)
        Assert.Equal(new RowLease(30, 8, false), book.Lease("a", 40));   // 70 / 8
        for (var i = 0; i < 100 && !book.Exhausted; i++) book.Lease(i % 2 == 0 ? "a" : "b", 40);
        Assert.Equal(RowLease.None(true), book.Lease("b", 4));
        Assert.True(book.Exhausted);
        Assert.Equal((100L, 0L, 0L), book.Totals);
    }

    [Fact]
    public void Unique_with_recycle_goes_round_again_and_counts_the_wraps()
    {
        var book = new RowLeaseLedger(5, DataMode.Unique, DataExhaustion.Recycle);
        Assert.Equal(new RowLease(0, 4, false), book.Lease("a", 4));
        Assert.Equal(new RowLease(4, 4, false), book.Lease("a", 4));     // rows 4, 0, 1, 2
        Assert.False(book.Exhausted);
        Assert.Equal(1, book.Wraps);
    }

    [Fact]
    public void Sequential_never_runs_out()
    {
        var book = new RowLeaseLedger(3, DataMode.Sequential, DataExhaustion.Stop);
        for (var i = 0; i < 5; i++) Assert.Equal(new RowLease(i * 2, 2, false), book.Lease(i % 2 == 0 ? "a" : "b", 2));
        Assert.Equal(3, book.Wraps);
    }

    [Fact]
    public void A_lost_silo_loses_what_it_held_beyond_its_last_report_and_gets_nothing_more()
    {
        var book = new RowLeaseLedger(100, DataMode.Unique, DataExhaustion.Stop);
        book.Lease("a", 10);
        book.Lease("a", 10);
        book.Report("a", 12);
        book.Report("a", 7);                                            // an older report arriving late changes nothing
        book.Lease("b", 10);
        Assert.Equal(8, book.LoseSilo("a"));
        Assert.Equal(0, book.LoseSilo("a"));                            // once
        Assert.Equal(RowLease.None(false), book.Lease("a", 10));
        book.Report("a", 20);                                           // too late: written off
        Assert.Equal(new RowLease(30, 10, false), book.Lease("b", 10)); // never rows 12..19 again
        Assert.Equal((40L, 12L, 8L), book.Totals);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Property_no_row_is_granted_twice_across_any_interleaving_of_leases_reports_and_losses(int seed)
    {
        var random = new Random(seed);
        for (var trial = 0; trial < 200; trial++)
        {
            var rows = random.Next(1, 500);
            var book = new RowLeaseLedger(rows, DataMode.Unique, random.Next(2) == 0 ? DataExhaustion.Stop : DataExhaustion.Fail);
            var silos = Enumerable.Range(0, random.Next(1, 6)).Select(i => $"silo-{i}").ToArray();
            var used = silos.ToDictionary(s => s, _ => 0L);
            var held = silos.ToDictionary(s => s, _ => 0L);
            var granted = new HashSet<long>();
            for (var step = 0; step < 300; step++)
            {
                var silo = silos[random.Next(silos.Length)];
                switch (random.Next(10))
                {
                    case < 6:
                        var lease = book.Lease(silo, random.Next(1, 40));
                        for (var s = lease.Start; s < lease.Start + lease.Count; s++)
                        {
                            Assert.InRange(s, 0, rows - 1);
                            Assert.True(granted.Add(s), $"sequence {s} granted twice");
                        }
                        held[silo] += lease.Count;
                        break;
                    case < 9:
                        used[silo] = Math.Min(held[silo], used[silo] + random.Next(0, 30));
                        book.Report(silo, used[silo]);
                        break;
                    default:
                        book.LoseSilo(silo);
                        break;
                }
            }
            var (leased, usedTotal, lost) = book.Totals;
            Assert.Equal(granted.Count, leased);
            Assert.True(usedTotal + lost <= leased);
            Assert.Equal(granted.Count == rows, book.Exhausted);
        }
    }
}
