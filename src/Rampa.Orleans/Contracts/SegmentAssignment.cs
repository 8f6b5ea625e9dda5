namespace Rampa.Orleans.Contracts;

/// <summary>One silo's share of a run: its segment of every executor and the common start instant.</summary>
[GenerateSerializer, Immutable, Alias("Rampa.SegmentAssignment")]
public sealed record SegmentAssignment
{
    [Id(0)] public required RunRequest Request { get; init; }
    [Id(1)] public required int Segment { get; init; }
    [Id(2)] public required int SegmentCount { get; init; }
    /// <summary>The run's start, the same instant for every silo (wall clock; each silo converts it to its monotonic clock once).</summary>
    [Id(3)] public required DateTimeOffset StartUtc { get; init; }
    /// <summary>0 for the first runner of a segment; 1, 2... for a runner that took it over from a dead silo.</summary>
    [Id(4)] public int Generation { get; init; }
    /// <summary>A takeover: the time since the run's start from which the segment resumes (what was before was the dead silo's).</summary>
    [Id(5)] public TimeSpan ResumeAfter { get; init; }
    /// <summary>A takeover: the iterations per scenario the segment's previous runner reported done.</summary>
    [Id(6)] public Dictionary<string, long>? CompletedBefore { get; init; }
    /// <summary>What the run's C# <c>[Setup]</c> returned, as JSON; null without one.</summary>
    [Id(7)] public string? SetupData { get; init; }
}

/// <summary>A segment runner's state, polled by the orchestrator.</summary>
[GenerateSerializer, Immutable, Alias("Rampa.SegmentStatus")]
public sealed record SegmentStatus
{
    [Id(0)] public required string Silo { get; init; }
    [Id(1)] public bool Done { get; init; }
    [Id(2)] public List<ScenarioProgress> Scenarios { get; init; } = new();
    [Id(3)] public string? Error { get; init; }
    /// <summary>When this silo's last VU loop ended (before its final flush): the end of its share of the test.</summary>
    [Id(4)] public DateTimeOffset? EndedUtc { get; init; }
    [Id(5)] public List<string> Warnings { get; init; } = new();
    /// <summary>This segment's requests and their failures by class so far (from the snapshots it flushed), for the live alert.</summary>
    [Id(6)] public LiveFailures? Failures { get; init; }
    /// <summary>Why a C# scenario on this silo stopped the run (<c>worker.Abort</c>); null while none did.</summary>
    [Id(7)] public string? AbortReason { get; init; }
}

/// <summary>
/// Requests with a verdict so far and their failures by class (Rampa.Core.Failures.ErrorCodes), summed over segments:
/// what the live line warns from when nearly every request fails for a network reason.
/// </summary>
[GenerateSerializer, Immutable, Alias("Rampa.LiveFailures")]
public sealed record LiveFailures
{
    [Id(0)] public long Requests { get; init; }
    [Id(1)] public List<LiveFailureClass> Classes { get; init; } = new();

    /// <summary>The sum of several segments' counts; a class's message is the first one's that has one.</summary>
    public static LiveFailures? Sum(IEnumerable<LiveFailures?> parts)
    {
        var list = parts.OfType<LiveFailures>().ToList();
        if (list.Count == 0) return null;
        return new LiveFailures
        {
            Requests = list.Sum(p => p.Requests),
            Classes = list.SelectMany(p => p.Classes).GroupBy(c => (c.Code, c.Name))
                .Select(g => new LiveFailureClass { Code = g.Key.Code, Name = g.Key.Name, Count = g.Sum(c => c.Count), Message = g.Select(c => c.Message).FirstOrDefault(m => m is not null) })
                .OrderByDescending(c => c.Count).ToList(),
        };
    }
}

/// <summary>One class of failure: its k6 error code (null for an unexpected status below 400), name, count and an example.</summary>
[GenerateSerializer, Immutable, Alias("Rampa.LiveFailureClass")]
public sealed record LiveFailureClass
{
    [Id(0)] public int? Code { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public long Count { get; init; }
    [Id(3)] public string? Message { get; init; }
}
