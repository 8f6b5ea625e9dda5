using System.Text.RegularExpressions;
using Rampa.Sdk;

namespace Rampa.Core.Protocols.Sse;

/// <summary>
/// The event that ends a stream successfully (<c>until:</c>): its type equals <see cref="Type"/>, its data contains
/// <see cref="DataContains"/>, its data matches <see cref="DataMatches"/>; every condition given must hold.
/// </summary>
internal sealed record SseUntil(string? Type, string? DataContains, Regex? DataMatches)
{
    /// <summary>How the condition reads in messages: <c>an event of type done</c>, <c>data contains [DONE]</c>.</summary>
    public string Text => string.Join(" and ", new[]
    {
        Type is null ? null : $"event type {Type}",
        DataContains is null ? null : $"data contains {DataContains}",
        DataMatches is null ? null : $"data matches {DataMatches}",
    }.Where(s => s is not null));

    public bool IsMetBy(SseEvent e)
    {
        if (Type is not null && !string.Equals(e.Type, Type, StringComparison.Ordinal)) return false;
        if (DataContains is not null && !e.Data.Contains(DataContains, StringComparison.Ordinal)) return false;
        try
        {
            return DataMatches is null || DataMatches.IsMatch(e.Data);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
