namespace Rampa.Core.Artifacts;

/// <summary>
/// An exception as one line a user can read. Storage SDKs wrap the cause (an AggregateException of their own
/// retries) and write multi-line service errors (status, headers), so take the last retry's cause and its first line.
/// </summary>
public static class OneLineError
{
    public static string Of(Exception exception)
    {
        var e = exception;
        while (e is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            e = aggregate.InnerExceptions[^1];
        foreach (var line in e.Message.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0) return trimmed;
        }
        return e.GetType().Name;
    }
}
