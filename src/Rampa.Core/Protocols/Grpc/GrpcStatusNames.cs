namespace Rampa.Core.Protocols.Grpc;

/// <summary>gRPC's status codes by their canonical names (<c>OK</c>, <c>UNAVAILABLE</c>...), as the <c>grpc_status</c> tag and the YAML write them.</summary>
internal static class GrpcStatusNames
{
    public static readonly IReadOnlyList<string> ByCode =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
        "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    public static string Of(int code) => code >= 0 && code < ByCode.Count ? ByCode[code] : code.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A code written as its name (any case) or its number 0..16; null when it is neither.</summary>
    public static int? Parse(string text)
    {
        var t = text.Trim();
        if (int.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            return n < ByCode.Count ? n : null;
        for (var i = 0; i < ByCode.Count; i++)
            if (string.Equals(ByCode[i], t, StringComparison.OrdinalIgnoreCase)) return i;
        return null;
    }
}
