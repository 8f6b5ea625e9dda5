using System.Globalization;
using Rampa.Core.Live;
using Rampa.Core.Metrics;
using Rampa.Core.Reporting;
using Rampa.Orleans.Contracts;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Rampa.Cli.Live;

/// <summary>
/// What the live view shows, as a pure function of the run's status, its latest frame and the time: a header (state,
/// elapsed of planned, VUs, iterations), a table with a row per scenario (progress, VUs now/max, req/s, p95 and p99 of
/// <c>http_req_duration</c>, failed share, dropped iterations) and, with several scenarios, a total row, then each threshold's verdict at the
/// last live evaluation. Rate and latency are those of the latest second; failures and drops count from the start.
/// </summary>
public static class LiveViewLayout
{
    private const int BarWidth = 16;
    private const string None = "-";

    /// <param name="maxLines">The lines the view may take (the terminal's height): thresholds beyond it are summed up in one line, failing ones first.</param>
    public static IRenderable Render(RunStatus status, LiveFrame? frame, DateTimeOffset now, int maxLines = int.MaxValue)
    {
        // A finished run's clock stops at its end, however long the artifacts took after it.
        var until = status.EndedUtc is { } e && e < now ? e : now;
        var elapsed = status.StartedUtc is { } s && until > s ? until - s : TimeSpan.Zero;
        var parts = new List<IRenderable> { Header(status, elapsed), Table(status, frame, elapsed) };
        var used = 1 + status.Scenarios.Count + 5 + (frame?.Protocols.Count ?? 0);
        if (status.Thresholds is { Verdicts.Count: > 0 } thresholds) parts.Add(Thresholds(thresholds, now, Math.Max(2, maxLines - used)));
        return new Rows(parts);
    }

    private static Markup Header(RunStatus status, TimeSpan elapsed)
    {
        var (word, color) = status.State switch
        {
            RunState.Stopping when status.AbortedByThreshold is not null => ("aborting", "red"),
            RunState.Stopping => ("stopping", "yellow"),
            RunState.Starting or RunState.Pending => ("starting", "grey"),
            RunState.Completed => ("completed", "green"),
            RunState.Interrupted => ("interrupted", "yellow"),
            RunState.Failed => ("failed", "red"),
            _ => ("running", "green"),
        };
        var planned = status.Scenarios.Select(x => x.StartTime + x.RegularDuration).DefaultIfEmpty().Max();
        var active = status.Scenarios.Sum(x => x.ActiveVus);
        var max = status.Scenarios.Sum(x => x.AllocatedVus);
        var complete = status.Scenarios.Sum(x => x.Completed);
        var interrupted = status.Scenarios.Sum(x => x.Interrupted);
        return new Markup(string.Create(CultureInfo.InvariantCulture,
            $"[bold {color}]{word}[/] {Clock(elapsed)} / {Clock(planned)}   {active}/{max} VUs   {complete} complete and {interrupted} interrupted iterations"));
    }

    private static Table Table(RunStatus status, LiveFrame? frame, TimeSpan elapsed)
    {
        var table = new Table().Border(TableBorder.Rounded).BorderColor(Color.Grey);
        table.AddColumn("scenario");
        table.AddColumn("progress");
        foreach (var name in new[] { "VUs", "req/s", "p95", "p99", "failed", "dropped" })
            table.AddColumn(new TableColumn(name).RightAligned());
        foreach (var scenario in status.Scenarios)
        {
            var live = frame?.Scenarios.FirstOrDefault(x => x.Scenario == scenario.Name);
            table.AddRow(
                new Text(scenario.Name),
                Progress(scenario, elapsed),
                new Text(string.Create(CultureInfo.InvariantCulture, $"{scenario.ActiveVus}/{scenario.AllocatedVus}")),
                new Text(live is null ? None : MetricValues.FormatRateShort(live.Rate)),
                new Text(live?.Latency is { } l ? MetricValues.FormatMs(l.P95) : None),
                new Text(live?.Latency is { } m ? MetricValues.FormatMs(m.P99) : None),
                Failed(live?.Totals),
                Dropped(live?.Totals));
        }
        // One scenario's row is the total already.
        if (status.Scenarios.Count > 1)
        {
            table.AddRow(
                new Markup("[bold]total[/]"),
                new Text(""),
                new Text(string.Create(CultureInfo.InvariantCulture, $"{status.Scenarios.Sum(x => x.ActiveVus)}/{status.Scenarios.Sum(x => x.AllocatedVus)}")),
                new Text(frame is null ? None : MetricValues.FormatRateShort(frame.Rate)),
                new Text(frame?.Latency is { } l ? MetricValues.FormatMs(l.P95) : None),
                new Text(frame?.Latency is { } m ? MetricValues.FormatMs(m.P99) : None),
                Failed(frame?.Totals),
                Dropped(frame?.Totals));
        }
        // Each protocol with steps of its own the run used: its sessions, streams or calls, every scenario together.
        foreach (var p in frame?.Protocols ?? [])
        {
            table.AddRow(
                new Markup($"[grey]{Markup.Escape(p.Protocol)} {Markup.Escape(p.Unit)}[/]"),
                new Text(""),
                new Text(""),
                new Text(MetricValues.FormatRateShort(p.Rate)),
                new Text(p.Latency is { } l ? MetricValues.FormatMs(l.P95) : None),
                new Text(p.Latency is { } m ? MetricValues.FormatMs(m.P99) : None),
                new Text(p.TotalCount == 0 ? None : string.Create(CultureInfo.InvariantCulture, $"{100.0 * p.TotalFailures / p.TotalCount:0.##}%")),
                new Text(""));
        }
        return table;
    }

    /// <summary>A scenario's share done: of its planned iterations (iteration executors), else of its duration.</summary>
    public static double Share(ScenarioProgress scenario, TimeSpan elapsed)
    {
        if (scenario.Done) return 1;
        if (scenario.PlannedIterations > 0) return Math.Clamp((double)(scenario.Completed + scenario.Interrupted) / scenario.PlannedIterations, 0, 1);
        var into = elapsed - scenario.StartTime;
        return scenario.RegularDuration > TimeSpan.Zero ? Math.Clamp(into / scenario.RegularDuration, 0, 1) : 0;
    }

    private static Markup Progress(ScenarioProgress scenario, TimeSpan elapsed)
    {
        if (!scenario.Done && elapsed < scenario.StartTime)
            return new Markup($"[grey]starts in {Clock(scenario.StartTime - elapsed)}[/]");
        var share = Share(scenario, elapsed);
        var filled = (int)Math.Round(share * BarWidth);
        // Two glyphs, so the bar reads without colour too.
        return new Markup(string.Create(CultureInfo.InvariantCulture,
            $"[green]{new string('█', filled)}[/][grey]{new string('░', BarWidth - filled)}[/] {share * 100,3:0}%"));
    }

    private static IRenderable Failed(LiveCounts? totals)
    {
        if (totals is null) return new Text(None);
        var text = string.Create(CultureInfo.InvariantCulture, $"{ProgressLine.FailedShare(totals):0.00}%");
        return totals.Failures > 0 ? new Markup($"[red]{text}[/]") : new Text(text);
    }

    private static IRenderable Dropped(LiveCounts? totals)
    {
        if (totals is null) return new Text(None);
        var text = totals.Dropped.ToString(CultureInfo.InvariantCulture);
        return totals.Dropped > 0 ? new Markup($"[yellow]{text}[/]") : new Text(text);
    }

    /// <summary>
    /// <c>✓ http_req_duration  p(95)&lt;500  p(95)=3.13ms</c> per expression (✗ failing, ? no samples yet), under a line with
    /// how many fail; past <paramref name="maxLines"/>, the failing ones first and one line for the rest.
    /// </summary>
    private static IRenderable Thresholds(ThresholdsLive thresholds, DateTimeOffset now, int maxLines)
    {
        var failing = thresholds.Verdicts.Count(v => !v.Passed && !v.NoData);
        var age = now > thresholds.EvaluatedUtc ? now - thresholds.EvaluatedUtc : TimeSpan.Zero;
        var title = failing == 0
            ? $"[bold]thresholds[/]: [green]{thresholds.Verdicts.Count - failing} of {thresholds.Verdicts.Count} passing[/]"
            : $"[bold]thresholds[/]: [red]{failing} of {thresholds.Verdicts.Count} failing[/]";
        var rows = new List<IRenderable> { new Markup(string.Create(CultureInfo.InvariantCulture, $"{title} [grey](evaluated {age.TotalSeconds:0}s ago)[/]")) };
        var room = maxLines - 1;
        var shown = thresholds.Verdicts.Count <= room
            ? thresholds.Verdicts
            : thresholds.Verdicts.OrderBy(v => v.Passed || v.NoData).Take(Math.Max(0, room - 1)).ToList();
        var grid = new Grid();
        grid.AddColumn(new GridColumn().PadRight(1));
        for (var i = 0; i < 3; i++) grid.AddColumn(new GridColumn().PadRight(2));
        foreach (var v in shown)
        {
            var mark = v.NoData ? "[yellow]?[/]" : v.Passed ? "[green]✓[/]" : "[red]✗[/]";
            grid.AddRow(new Markup(mark), new Text(v.Key), new Text(v.Expression),
                v.NoData ? new Markup("[grey]no samples yet[/]") : new Text(Observed(v)));
        }
        if (shown.Count > 0) rows.Add(new Padder(grid, new Padding(2, 0, 0, 0)));
        if (shown.Count < thresholds.Verdicts.Count)
            rows.Add(new Markup($"  [grey]… and {thresholds.Verdicts.Count - shown.Count} more[/]"));
        return new Rows(rows);
    }

    /// <summary>The observed value as the summary shows it: <c>p(95)=3.13ms</c>, <c>rate=0.50%</c>, <c>count=12</c>.</summary>
    public static string Observed(ThresholdVerdictLive verdict)
    {
        if (verdict.Observed is not { } v) return "";
        var agg = verdict.Expression.Split(['<', '>', '=', '!'], 2)[0].Trim();
        var metric = BuiltinMetrics.Find(verdict.Key.Split('{')[0]);
        var shown = metric?.Unit == MetricUnit.Time && agg != "count" && agg != "rate" ? MetricValues.FormatMs(v)
            : metric?.Type == MetricType.Rate ? (v * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%"
            : MetricValues.FormatNumber(v);
        return $"{agg}={shown}";
    }

    private static string Clock(TimeSpan t) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes:00}m{t.Seconds:00}s");
}
