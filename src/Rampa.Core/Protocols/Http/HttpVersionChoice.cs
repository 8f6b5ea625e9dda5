namespace Rampa.Core.Protocols.Http;

/// <summary>
/// Which HTTP version a request asks for (<c>http:</c> in YAML): <c>1.1</c> (the hand-written HTTP/1.1 client),
/// <c>2</c> (HTTP/2 over TLS, ALPN must agree on h2), <c>h2c</c> (cleartext HTTP/2 with prior knowledge) or
/// <c>auto</c> (ALPN decides on https, HTTP/1.1 on plain http).
/// </summary>
public enum HttpVersionChoice : byte { Http11, Http2, H2c, Auto }

/// <summary>Parsing of <c>http:</c> values, and the <c>proto</c> tag values.</summary>
public static class HttpVersionChoices
{
    /// <summary>The values <c>http:</c> accepts, as written.</summary>
    public static readonly string[] Names = ["1.1", "2", "h2c", "auto"];

    public static bool TryParse(string text, out HttpVersionChoice choice)
    {
        choice = text switch
        {
            "1.1" => HttpVersionChoice.Http11,
            "2" or "2.0" => HttpVersionChoice.Http2,
            "h2c" => HttpVersionChoice.H2c,
            "auto" => HttpVersionChoice.Auto,
            _ => (HttpVersionChoice)255,
        };
        return choice != (HttpVersionChoice)255;
    }

    /// <summary>k6's <c>proto</c> tag values.</summary>
    public const string Http11Tag = "HTTP/1.1";
    public const string Http2Tag = "HTTP/2.0";
}
