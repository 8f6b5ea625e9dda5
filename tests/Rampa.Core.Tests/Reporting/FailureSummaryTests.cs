using Rampa.Core.Metrics;
using Rampa.Core.Reporting;
using static Rampa.Core.Tests.Reporting.FailureFixtures;

namespace Rampa.Core.Tests.Reporting;

public class FailureSummaryTests
{
    [Fact]
    public void Counts_every_request_with_a_verdict_and_the_failed_ones()
    {
        var f = FailureSummary.Of(FailingRun());
        Assert.Equal(226, f.Requests);
        Assert.Equal(56, f.Failed);
        Assert.True(f.Any);
    }

    [Fact]
    public void Groups_by_request_name_most_failures_first_and_leaves_out_names_without_failures()
    {
        var f = FailureSummary.Of(FailingRun());
        Assert.Equal(["api", "home"], f.ByRequest.Select(r => r.Name));
        var api = f.ByRequest[0];
        Assert.Equal((106L, 46L), (api.Requests, api.Failed));
        Assert.Equal(["HTTP 405", "HTTP 500", "connection reset"], api.Classes.Select(c => c.Class.Name));
        Assert.Equal([1405, 1500, 1220], api.Classes.Select(c => c.Class.Code!.Value));
        Assert.Equal([40L, 5L, 1L], api.Classes.Select(c => c.Count));
        Assert.Equal(40.0 / 106, api.Classes[0].Share, 12);
        Assert.Equal(NotAllowedMessage, api.Classes[0].Message);
        Assert.Null(api.Classes[1].Message);
        var home = f.ByRequest[1];
        Assert.Equal((100L, 10L), (home.Requests, home.Failed));
        var refused = Assert.Single(home.Classes);
        Assert.Equal((1212, 0.1, RefusedMessage), (refused.Class.Code!.Value, refused.Share, refused.Message));
    }

    [Fact]
    public void The_overall_classes_are_shares_of_every_request()
    {
        var f = FailureSummary.Of(FailingRun());
        Assert.Equal(["HTTP 405", "connection refused", "HTTP 500", "connection reset"], f.Overall.Select(c => c.Class.Name));
        Assert.Equal(10.0 / 226, f.Overall[1].Share, 12);
    }

    [Fact]
    public void The_same_class_in_several_series_adds_up_and_keeps_a_message()
    {
        var m = new MetricSnapshot();
        var get = Failed("home", 0, "connection refused");
        var retried = new SeriesKey(BuiltinMetrics.HttpReqFailed, get.Tags.Append(new("attempt", "2")));
        m.Set(get, Verdicts(0, 3));
        m.Set(retried, Verdicts(0, 4));
        m.KeepFirstMessage(retried, RefusedMessage);
        var row = Assert.Single(Assert.Single(FailureSummary.Of(m).ByRequest).Classes);
        Assert.Equal((7L, RefusedMessage), (row.Count, row.Message));
    }

    [Fact]
    public void Nothing_failed_means_no_failures()
    {
        var m = new MetricSnapshot();
        m.Set(Failed("home", 200, expected: true), Verdicts(5, 0));
        var f = FailureSummary.Of(m);
        Assert.False(f.Any);
        Assert.Equal(5, f.Requests);
        Assert.Empty(f.ByRequest);
        Assert.Empty(f.Overall);
        Assert.False(FailureSummary.Of(new MetricSnapshot()).Any);
    }
}
