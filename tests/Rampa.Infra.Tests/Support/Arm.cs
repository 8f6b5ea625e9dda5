using System.Text.Json.Nodes;

namespace Rampa.Infra.Tests.Support;

/// <summary>Reading compiled ARM templates, whose resources are an array (classic) or an object keyed by symbolic
/// name (languageVersion 2.0, which Bicep emits for modules that use user-defined types).</summary>
internal static class Arm
{
    public static IEnumerable<JsonObject> Resources(JsonObject template) => template["resources"] switch
    {
        JsonArray a => a.Select(r => r!.AsObject()),
        JsonObject o => o.Select(kv => kv.Value!.AsObject()),
        _ => [],
    };

    public static string Type(JsonObject resource) => (string)resource["type"]!;

    /// <summary>The module (nested deployment) of main.bicep with this symbolic name: its deployment name, or its
    /// copy loop's name for a module loop.</summary>
    public static JsonObject Module(string name) =>
        Resources(Bicep.MainTemplate).Single(r => Type(r) == "Microsoft.Resources/deployments"
            && ((string?)r["name"] == name || (string?)r["copy"]?["name"] == name));

    public static JsonObject ModuleTemplate(string name) => Module(name)["properties"]!["template"]!.AsObject();

    /// <summary>Every resource of a template and of the templates nested in it.</summary>
    public static IEnumerable<JsonObject> AllResources(JsonObject template)
    {
        foreach (var r in Resources(template))
        {
            yield return r;
            if (r["properties"]?["template"] is JsonObject nested)
                foreach (var n in AllResources(nested)) yield return n;
        }
    }

    public static IEnumerable<JsonObject> OfType(JsonObject template, string type) =>
        Resources(template).Where(r => string.Equals(Type(r), type, StringComparison.OrdinalIgnoreCase));
}
