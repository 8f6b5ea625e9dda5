namespace Rampa.Silo;

/// <summary>An exception as one line a person can act on, with storage secrets hidden.</summary>
internal static class ErrorText
{
    public static string OneLine(Exception e)
    {
        // Azure's retries wrap the same failure three times in an AggregateException; the first one says it all.
        while (e is AggregateException { InnerExceptions.Count: > 0 } aggregate) e = aggregate.InnerExceptions[0];
        if (e is System.Reflection.TargetInvocationException { InnerException: { } inner }) e = inner;
        var first = e.Message.Split('\n', 2)[0].Trim();
        return $"{e.GetType().Name}: {Rampa.Storage.ConnectionStrings.Redact(first)}";
    }
}
