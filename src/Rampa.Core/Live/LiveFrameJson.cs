using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rampa.Core.Live;

/// <summary>
/// The JSON form of a <see cref="LiveFrame"/>: one line of <c>--out json=FILE</c> (schemas/rampa-live.schema.json),
/// and the form in which frames travel from the orchestrator to the CLI (in <c>RunStatus.Frames</c>, and through the
/// status blob of a remote run), so what a user reads is what the CLI itself reads.
/// </summary>
public static class LiveFrameJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>One line of JSON, without the newline.</summary>
    public static string Write(LiveFrame frame) => JsonSerializer.Serialize(frame, Options);

    /// <exception cref="JsonException">The text is not a frame.</exception>
    public static LiveFrame Read(string line) => JsonSerializer.Deserialize<LiveFrame>(line, Options)
                                                 ?? throw new JsonException("not a live frame: null");
}
