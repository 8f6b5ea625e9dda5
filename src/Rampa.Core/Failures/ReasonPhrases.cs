namespace Rampa.Core.Failures;

/// <summary>The standard reason phrase of an HTTP status (RFC 9110 and the common extensions), for messages.</summary>
public static class ReasonPhrases
{
    private static readonly Dictionary<int, string> Phrases = new()
    {
        [100] = "Continue", [101] = "Switching Protocols",
        [200] = "OK", [201] = "Created", [202] = "Accepted", [203] = "Non-Authoritative Information", [204] = "No Content",
        [205] = "Reset Content", [206] = "Partial Content",
        [300] = "Multiple Choices", [301] = "Moved Permanently", [302] = "Found", [303] = "See Other", [304] = "Not Modified",
        [307] = "Temporary Redirect", [308] = "Permanent Redirect",
        [400] = "Bad Request", [401] = "Unauthorized", [402] = "Payment Required", [403] = "Forbidden", [404] = "Not Found",
        [405] = "Method Not Allowed", [406] = "Not Acceptable", [407] = "Proxy Authentication Required", [408] = "Request Timeout",
        [409] = "Conflict", [410] = "Gone", [411] = "Length Required", [412] = "Precondition Failed", [413] = "Content Too Large",
        [414] = "URI Too Long", [415] = "Unsupported Media Type", [416] = "Range Not Satisfiable", [417] = "Expectation Failed",
        [421] = "Misdirected Request", [422] = "Unprocessable Content", [423] = "Locked", [424] = "Failed Dependency",
        [425] = "Too Early", [426] = "Upgrade Required", [428] = "Precondition Required", [429] = "Too Many Requests",
        [431] = "Request Header Fields Too Large", [451] = "Unavailable For Legal Reasons",
        [500] = "Internal Server Error", [501] = "Not Implemented", [502] = "Bad Gateway", [503] = "Service Unavailable",
        [504] = "Gateway Timeout", [505] = "HTTP Version Not Supported", [507] = "Insufficient Storage", [508] = "Loop Detected",
        [511] = "Network Authentication Required",
    };

    /// <summary>The phrase, or the status class's name (e.g. "Client Error") for a status without a standard one.</summary>
    public static string Of(int status) => Phrases.TryGetValue(status, out var phrase) ? phrase : status switch
    {
        >= 100 and < 200 => "Informational",
        >= 200 and < 300 => "Success",
        >= 300 and < 400 => "Redirection",
        >= 400 and < 500 => "Client Error",
        >= 500 and < 600 => "Server Error",
        _ => "Unknown Status",
    };
}
