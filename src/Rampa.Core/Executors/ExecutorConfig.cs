using Rampa.Core.Engine;
using Rampa.Core.Segments;

namespace Rampa.Core.Executors;

/// <summary>One problem with an executor's options: which option, and what is wrong with it.</summary>
public readonly record struct OptionError(string Option, string Message);

/// <summary>
/// An executor's configuration, validation and pure schedule. One subclass per executor, each in its own folder with its driver.
/// Everything here is plain data and arithmetic: the grains only follow it.
/// </summary>
public abstract record ExecutorConfig
{
    public static readonly TimeSpan DefaultGracefulStop = TimeSpan.FromSeconds(30);

    /// <summary>The executor's name as written in a scenario file, e.g. <c>constant-vus</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>True for the open model (arrival-rate executors), false for the VU-driven closed model.</summary>
    public abstract bool IsArrivalRate { get; }

    /// <summary>Offset of this executor's start from the run's start.</summary>
    public TimeSpan StartTime { get; init; }

    /// <summary>Time iterations still running at the regular end get before they are cancelled.</summary>
    public TimeSpan GracefulStop { get; init; } = DefaultGracefulStop;

    /// <summary>Time from the executor's start to its regular end (no iteration starts after it).</summary>
    public abstract TimeSpan RegularDuration { get; }

    /// <summary>Regular end plus the graceful stop: anything still running then is interrupted.</summary>
    public virtual TimeSpan HardDuration => RegularDuration + GracefulStop;

    /// <summary>The most VUs this executor can have at once (what is allocated for it).</summary>
    public abstract int MaxVus { get; }

    /// <summary>Every problem with the options, all at once.</summary>
    public IReadOnlyList<OptionError> Validate()
    {
        var errors = new List<OptionError>();
        if (StartTime < TimeSpan.Zero) errors.Add(new("startTime", "must not be negative"));
        if (GracefulStop < TimeSpan.Zero) errors.Add(new("gracefulStop", "must not be negative"));
        ValidateOptions(errors);
        return errors;
    }

    protected abstract void ValidateOptions(List<OptionError> errors);

    /// <summary>What runs this executor in one scenario segment (its share on one silo).</summary>
    internal abstract IExecutorDriver CreateDriver(ScenarioSegmentRun run, ExecutionSegmentSequence segments, int segment);

    /// <summary>Every executor's name, in the order the docs list them (<see cref="ExecutorRegistry.Names"/>).</summary>
    public static IReadOnlyList<string> Kinds => ExecutorRegistry.Names;
}
