using System.Text.RegularExpressions;

namespace Rampa.Storage;

/// <summary>Hides secrets in store settings before they appear in an error message.</summary>
public static partial class ConnectionStrings
{
    /// <summary>The value with account keys, SAS tokens and SAS signatures replaced by ***.</summary>
    public static string Redact(string value) => Secrets().Replace(value, m => m.Groups[1].Value + "=***");

    [GeneratedRegex(@"(AccountKey|SharedAccessSignature|sig)\s*=\s*[^;&]*", RegexOptions.IgnoreCase)]
    private static partial Regex Secrets();
}
