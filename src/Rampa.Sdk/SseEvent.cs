namespace Rampa.Sdk;

/// <summary>
/// One Server-Sent Event as the stream dispatched it: its <c>event:</c> type (<c>message</c> when the server gave none),
/// its <c>data:</c> lines joined with <c>\n</c>, and the stream's last event id (its <c>id:</c>, or an earlier event's; null when none came yet).
/// </summary>
public sealed record SseEvent(string Type, string Data, string? Id);
