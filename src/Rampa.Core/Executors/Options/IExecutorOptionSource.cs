namespace Rampa.Core.Executors;

/// <summary>
/// Where an executor's options come from, whatever the source (a YAML mapping, C# attribute values): each executor reads
/// its own options by name through this. A read returns null when the option is absent or its value is bad; a bad value
/// is reported by the source itself (at its own place, in its own way), once, and is not validated again.
/// </summary>
public interface IExecutorOptionSource
{
    /// <summary>True when the option is given (even with a bad value).</summary>
    bool Has(string option);

    int? Int(string option);
    long? Long(string option);
    double? Number(string option);
    TimeSpan? Duration(string option);

    /// <summary>A ramping executor's stages (each a duration and a target).</summary>
    IReadOnlyList<Stage>? Stages(string option);

    /// <summary><c>uniform</c> or <c>poisson</c>.</summary>
    ArrivalDistribution? Arrival(string option);

    /// <summary>Reports a required option that is not given.</summary>
    void ReportMissing(string option, string executor);

    /// <summary>Reports a validation error of the built executor, unless its option's value was already reported.</summary>
    void ReportInvalid(OptionError error);

    /// <summary>Errors reported so far (a build failed when it grew).</summary>
    int ErrorCount { get; }
}
