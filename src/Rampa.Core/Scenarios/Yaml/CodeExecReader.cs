namespace Rampa.Core.Scenarios.Yaml;

/// <summary>
/// A scenario's <c>exec:</c> (k6's way to name the function a scenario runs): the C# <c>[Scenario]</c> method of the
/// run's scenario assembly (<c>rampa run FILE --code PATH</c>) whose workload the scenario gets instead of a
/// <c>flow</c> or <c>requests</c>.
/// </summary>
internal static class CodeExecReader
{
    public static IWorkload? Read(LoadContext ctx, Fields fields, Field exec, RequestScope scope)
    {
        var name = Yaml.Read.Text(ctx, exec.Value, exec.Path, "the C# scenario to run: Class.Method of a [Scenario] method");
        foreach (var other in (string[])["flow", "requests", "thinkTime"])
            if (fields.TryGet(other, out var f))
                ctx.Error(f.Key, f.Path, $"a scenario with 'exec' runs C# code; '{other}' belongs to a YAML scenario (remove one of them)");
        if (name is null) return null;
        if (ctx.Code is not { } code)
        {
            ctx.Error(exec.Value, exec.Path, $"'exec: {name.Trim()}' runs a C# scenario: give its project or assembly with --code PATH");
            return null;
        }
        var headers = scope.DefaultHeaders.Where(h => h.Value.IsConstant).Select(h => (h.Name, h.Value.ConstantValue!)).ToList();
        foreach (var h in scope.DefaultHeaders.Where(h => !h.Value.IsConstant))
            ctx.Error(exec.Value, exec.Path, $"defaults.headers.{h.Name} uses per-VU variables, which C# scenarios do not read; set the header in code");
        var defaults = new CodeRequestDefaults
        {
            BaseUrl = scope.BaseUrlInvalid ? null : scope.BaseUrl,
            Headers = headers,
            Timeout = scope.DefaultTimeout,
            ExpectedStatuses = scope.DefaultExpectedStatuses,
            Env = scope.Env,
            Http = scope.DefaultHttp,
            Connections = scope.DefaultConnections,
        };
        var workload = code.Workload(name.Trim(), defaults, out var error);
        if (workload is null)
            ctx.Error(exec.Value, exec.Path, $"{error}{Suggest.DidYouMean(name.Trim(), code.EntryPoints)}");
        return workload;
    }
}
