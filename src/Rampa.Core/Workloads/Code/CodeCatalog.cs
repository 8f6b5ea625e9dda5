using System.Reflection;
using Rampa.Core.Scenarios;
using Rampa.Sdk;

namespace Rampa.Core.Workloads.Code;

/// <summary>One <c>[Scenario]</c> method: its name, the executor options written on it, and its class's VU init.</summary>
public sealed record CodeScenario(MethodInfo Method, string Name, IReadOnlyList<CustomAttributeNamedArgument> Options, MethodInfo? VuInit, SourceLocation Place)
{
    /// <summary>The name <c>exec:</c> may use: <c>Class.Method</c> (the method's name alone also finds it when unique).</summary>
    public string ExecName => $"{Method.DeclaringType!.Name}.{Method.Name}";
}

/// <summary>A <c>[Threshold]</c> on the assembly or on a class.</summary>
/// <summary>An <c>[assembly: DataSource(...)]</c>: its name, file and the options given.</summary>
public sealed record CodeDataSource(string Name, string File, IReadOnlyDictionary<string, string> Options);

public sealed record CodeThreshold(string Metric, IReadOnlyList<string> Expressions, bool AbortOnFail, string? DelayAbortEval, SourceLocation Place);

/// <summary>
/// What a scenario assembly declares, found by reflection: the <c>[Scenario]</c> methods, <c>[Setup]</c>,
/// <c>[Teardown]</c>, <c>[VuInit]</c>, <c>[Threshold]</c>s, <c>[RampaOptions]</c> and the custom metrics declared as
/// static fields. Every wrongly declared method is an error naming it and its place (exit 104), all at once.
/// </summary>
public sealed class CodeCatalog
{
    private readonly List<ScenarioError> _errors = [];

    private CodeCatalog(string assemblyFile, CodeSourceMap places)
    {
        AssemblyFile = assemblyFile;
        Places = places;
    }

    public string AssemblyFile { get; }
    public CodeSourceMap Places { get; }
    public List<CodeScenario> Scenarios { get; } = [];
    public MethodInfo? Setup { get; private set; }
    public MethodInfo? Teardown { get; private set; }
    public List<CodeThreshold> Thresholds { get; } = [];
    /// <summary>The named arguments of <c>[assembly: RampaOptions(...)]</c>.</summary>
    public Dictionary<string, object?> Options { get; } = new(StringComparer.Ordinal);
    /// <summary>The <c>[assembly: DataSource(...)]</c>s, in declaration order.</summary>
    public List<CodeDataSource> DataSources { get; } = [];
    /// <summary>Custom metrics declared as static fields or properties, by name.</summary>
    public Dictionary<string, CustomMetric> Metrics { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<ScenarioError> Errors => _errors;

    public static CodeCatalog Discover(CodeLoadContext code)
    {
        var catalog = new CodeCatalog(Path.GetFileName(code.AssemblyPath), CodeSourceMap.Read(code.AssemblyPath));
        catalog.Read(code.Assembly);
        return catalog;
    }

    /// <summary>The scenario <c>exec:</c> names: <c>Class.Method</c>, <c>Namespace.Class.Method</c>, or the method's name when only one has it.</summary>
    public CodeScenario? Find(string exec, out string? ambiguity)
    {
        ambiguity = null;
        var matches = Scenarios.Where(s => s.ExecName == exec || $"{s.Method.DeclaringType!.FullName}.{s.Method.Name}" == exec).ToList();
        if (matches.Count == 0) matches = Scenarios.Where(s => s.Method.Name == exec).ToList();
        if (matches.Count > 1) ambiguity = $"'{exec}' names {string.Join(" and ", matches.Select(m => m.ExecName))}; write Class.Method";
        return matches.Count == 1 ? matches[0] : null;
    }

    private void Error(SourceLocation at, string key, string message) => _errors.Add(new ScenarioError(at, key, message));

    private void Read(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            var missing = e.LoaderExceptions.OfType<Exception>().Select(x => x.Message).Distinct().FirstOrDefault() ?? e.Message;
            Error(Places.Assembly, "", $"its types cannot be loaded (is a dependency missing beside it?): {missing}");
            return;
        }
        foreach (var data in assembly.GetCustomAttributesData())
        {
            if (data.AttributeType == typeof(ThresholdAttribute)) Thresholds.Add(ThresholdOf(data, Places.Assembly));
            else if (data.AttributeType == typeof(RampaOptionsAttribute))
                foreach (var arg in data.NamedArguments) Options[arg.MemberName] = Plain(arg.TypedValue);
            else if (data.AttributeType == typeof(DataSourceAttribute))
                DataSources.Add(new CodeDataSource(data.ConstructorArguments[0].Value as string ?? "", data.ConstructorArguments[1].Value as string ?? "",
                    data.NamedArguments.Where(a => a.TypedValue.Value is string).ToDictionary(a => a.MemberName, a => (string)a.TypedValue.Value!, StringComparer.Ordinal)));
        }
        foreach (var type in types.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            foreach (var data in type.GetCustomAttributesData().Where(d => d.AttributeType == typeof(ThresholdAttribute)))
                Thresholds.Add(ThresholdOf(data, Places.Assembly with { File = $"{Places.Assembly.File}: {type.Name}" }));
            ReadMetrics(type);
            ReadMethods(type);
        }
        if (Scenarios.Count == 0 && _errors.Count == 0)
            Error(Places.Assembly, "", "no scenario found: mark a public static async Task method taking a Worker with [Scenario(Executor = ...)]");
        foreach (var duplicate in Scenarios.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            Error(duplicate.Last().Place, duplicate.Key, $"two scenarios are named '{duplicate.Key}' ({string.Join(", ", duplicate.Select(d => d.ExecName))}); set Name on one");
    }

    private void ReadMethods(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        var methods = type.GetMethods(all).OrderBy(m => m.MetadataToken).ToList();
        MethodInfo? vuInit = null;
        foreach (var method in methods.Where(m => m.IsDefined(typeof(VuInitAttribute), false)))
        {
            if (vuInit is not null) Error(Places.Of(method), Key(method), $"a second [VuInit] in {type.Name} (the first is {vuInit.Name}); a class has one");
            else if (CheckSignature(method, "[VuInit]", allowResult: false)) vuInit = method;
        }
        foreach (var method in methods)
        {
            if (method.GetCustomAttributesData().FirstOrDefault(d => d.AttributeType == typeof(ScenarioAttribute)) is { } scenario)
            {
                if (!CheckSignature(method, "[Scenario]", allowResult: false)) continue;
                var name = scenario.NamedArguments.FirstOrDefault(a => a.MemberName == nameof(ScenarioAttribute.Name)).TypedValue.Value as string ?? method.Name;
                if (!Rampa.Core.Scenarios.Yaml.ScenarioReader.IsValidName(name))
                {
                    Error(Places.Of(method), Key(method), $"invalid scenario name '{name}': use only letters, digits, '_' and '-'");
                    continue;
                }
                Scenarios.Add(new CodeScenario(method, name, scenario.NamedArguments.ToList(), vuInit, Places.Of(method)));
            }
            if (method.IsDefined(typeof(SetupAttribute), false) && CheckSignature(method, "[Setup]", allowResult: true))
            {
                if (Setup is not null) Error(Places.Of(method), Key(method), $"a second [Setup] (the first is {Key(Setup)}); a run has one");
                else Setup = method;
            }
            if (method.IsDefined(typeof(TeardownAttribute), false) && CheckSignature(method, "[Teardown]", allowResult: false))
            {
                if (Teardown is not null) Error(Places.Of(method), Key(method), $"a second [Teardown] (the first is {Key(Teardown)}); a run has one");
                else Teardown = method;
            }
        }
    }

    /// <summary>
    /// A scenario, VU init or teardown: <c>public static Task|ValueTask M(Worker)</c>; a setup may also return a value
    /// (<c>Task&lt;T&gt;</c>, <c>ValueTask&lt;T&gt;</c>, <c>T</c>) or nothing.
    /// </summary>
    private bool CheckSignature(MethodInfo method, string attribute, bool allowResult)
    {
        var problems = new List<string>();
        if (!method.IsStatic) problems.Add("static");
        if (!method.IsPublic || !(method.DeclaringType!.IsPublic || method.DeclaringType.IsNestedPublic)) problems.Add("public (in a public class)");
        var parameters = method.GetParameters();
        if (parameters.Length != 1 || parameters[0].ParameterType != typeof(Worker)) problems.Add("one parameter of type Worker");
        if (method.IsGenericMethodDefinition) problems.Add("not generic");
        var returns = method.ReturnType;
        var async = returns == typeof(Task) || returns == typeof(ValueTask);
        if (!async && !allowResult) problems.Add("returning Task or ValueTask");
        if (problems.Count == 0) return true;
        Error(Places.Of(method), Key(method),
            $"{attribute} needs a method like 'public static async {(allowResult ? "Task<T>" : "Task")} {method.Name}(Worker worker)'; this one must be {string.Join(", ", problems)}");
        return false;
    }

    private void ReadMetrics(Type type)
    {
        const BindingFlags statics = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.ContainsGenericParameters) return;
        foreach (var field in type.GetFields(statics).Where(f => typeof(CustomMetric).IsAssignableFrom(f.FieldType)))
        {
            CustomMetric? metric;
            try
            {
                metric = field.GetValue(null) as CustomMetric;
            }
            catch (TargetInvocationException e)
            {
                Error(Places.Assembly, $"{type.Name}.{field.Name}", $"the metric cannot be created: {e.InnerException?.Message ?? e.Message}");
                continue;
            }
            if (metric is null) continue;
            if (Rampa.Core.Metrics.BuiltinMetrics.Find(metric.Name) is not null)
                Error(Places.Assembly, $"{type.Name}.{field.Name}", $"'{metric.Name}' is a built-in metric's name; choose another");
            else if (Metrics.TryGetValue(metric.Name, out var other) && (other.Kind != metric.Kind || other.IsTime != metric.IsTime))
                Error(Places.Assembly, $"{type.Name}.{field.Name}", $"'{metric.Name}' is declared twice as different kinds of metric");
            else Metrics[metric.Name] = metric;
        }
    }

    private static CodeThreshold ThresholdOf(CustomAttributeData data, SourceLocation place)
    {
        var metric = data.ConstructorArguments[0].Value as string ?? "";
        var expressions = data.ConstructorArguments.Count > 1 && data.ConstructorArguments[1].Value is IReadOnlyCollection<CustomAttributeTypedArgument> list
            ? list.Select(x => x.Value as string ?? "").ToList()
            : [];
        var abort = data.NamedArguments.FirstOrDefault(a => a.MemberName == nameof(ThresholdAttribute.AbortOnFail)).TypedValue.Value is true;
        var delay = data.NamedArguments.FirstOrDefault(a => a.MemberName == nameof(ThresholdAttribute.DelayAbortEval)).TypedValue.Value as string;
        return new CodeThreshold(metric, expressions, abort, delay, place);
    }

    /// <summary>An attribute argument as a plain value (arrays as <c>object?[]</c>).</summary>
    internal static object? Plain(CustomAttributeTypedArgument arg) =>
        arg.Value is IReadOnlyCollection<CustomAttributeTypedArgument> items ? items.Select(Plain).ToArray() : arg.Value;

    internal static string Key(MethodInfo method) => $"{method.DeclaringType!.Name}.{method.Name}";
}
