using System.Text.Json.Nodes;

namespace Rampa.DemoTarget;

/// <summary>
/// The part of JSON Patch (RFC 6902) and JSON merge patch (RFC 7386) that a flat demo item needs: operations on its
/// top-level members. Each method changes the object in place and returns null, or returns what was wrong.
/// </summary>
internal static class JsonPatch
{
    /// <summary>Applies <c>add</c>, <c>replace</c>, <c>remove</c> and <c>test</c> operations on <c>/member</c> paths.</summary>
    public static string? Apply(JsonObject target, JsonArray operations)
    {
        foreach (var node in operations)
        {
            if (node is not JsonObject operation
                || operation["op"]?.GetValueKind() != System.Text.Json.JsonValueKind.String
                || operation["path"]?.GetValueKind() != System.Text.Json.JsonValueKind.String)
            {
                return "each JSON Patch operation is an object with a string op and path";
            }

            var op = operation["op"]!.GetValue<string>();
            var path = operation["path"]!.GetValue<string>();
            if (!TryMember(path, out var member))
            {
                return $"path '{path}': only top-level members (/name) can be patched";
            }

            if (member == "id")
            {
                return "path '/id': the id comes from the URL";
            }

            var hasValue = operation.TryGetPropertyValue("value", out var value);
            switch (op)
            {
                case "add" or "replace" when !hasValue:
                    return $"op '{op}' needs a value";
                case "add":
                    target[member] = value?.DeepClone();
                    break;
                case "replace" or "remove" when !target.ContainsKey(member):
                    return $"op '{op}': the item has no member '{member}'";
                case "replace":
                    target[member] = value?.DeepClone();
                    break;
                case "remove":
                    target.Remove(member);
                    break;
                case "test":
                    if (!target.TryGetPropertyValue(member, out var actual) || !JsonNode.DeepEquals(actual, value))
                    {
                        return $"op 'test' failed at '{path}'";
                    }

                    break;
                default:
                    return $"op '{op}' is not supported here (add, replace, remove, test)";
            }
        }

        return null;
    }

    /// <summary>A merge patch: each member replaces the item's, and a null removes it.</summary>
    public static string? Merge(JsonObject target, JsonObject patch)
    {
        if (patch.ContainsKey("id"))
        {
            return "the id comes from the URL";
        }

        foreach (var (name, value) in patch)
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }

        return null;
    }

    /// <summary>A JSON Pointer to one top-level member (<c>/name</c>), unescaped (<c>~1</c> is /, <c>~0</c> is ~).</summary>
    private static bool TryMember(string path, out string member)
    {
        member = "";
        if (path.Length < 2 || path[0] != '/' || path.IndexOf('/', 1) >= 0)
        {
            return false;
        }

        member = path[1..].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        return true;
    }
}
