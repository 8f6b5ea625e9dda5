using System.Text.RegularExpressions;

namespace Rampa.Storage;

/// <summary>Azure's container naming rule, checked up front so a bad name is a clear message, not a 400 from the service.</summary>
public static partial class BlobContainerNames
{
    public const string Default = "rampa";

    public static void Validate(string name)
    {
        if (!Rule().IsMatch(name) || name.Contains("--", StringComparison.Ordinal))
            throw new ArtifactStoreConfigException(
                $"invalid blob container name '{name}': use 3-63 lowercase letters, digits and single hyphens, " +
                "starting and ending with a letter or digit");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex Rule();
}
