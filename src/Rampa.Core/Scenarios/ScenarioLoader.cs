using System.Globalization;
using System.Text.RegularExpressions;
using Rampa.Core.Scenarios.Yaml;
using Rampa.Core.Thresholds;
using Rampa.Core.Workloads.Http;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Rampa.Core.Scenarios;

/// <summary>
/// Loads a YAML scenario file (docs/scenario-format.md) into a validated <see cref="TestPlan"/>.
/// Every problem found is reported at once, each with <c>file:line:col</c>, the dotted key
/// (e.g. <c>scenarios.api.requests[1].weight</c>) and what was expected.
/// </summary>
public static partial class ScenarioLoader
{
    /// <summary>The name of the one scenario the shortcut form (no <c>scenarios:</c>) makes.</summary>
    public const string DefaultScenarioName = "default";

    private static readonly string[] TopLevelKeys =
    [
        "name", "seed", "baseUrl", "defaults", "scenarios", "thresholds", "strictThresholds", "summaryTrendStats", "thinkTime",
        "flow", "requests", "vus", "duration", "iterations", "stages", "data", "insecureSkipTLSVerify",
    ];

    private static readonly string[] DefaultsKeys = ["headers", "timeout", "expectedStatuses", "retry", "http", "connections"];

    [GeneratedRegex(@"^(avg|min|med|max|p\(\s*(?<n>[0-9]+(\.[0-9]+)?)\s*\))$", RegexOptions.CultureInvariant)]
    private static partial Regex TrendStatPattern();

    /// <summary>
    /// Parses and validates <paramref name="source"/>. <c>{{env.NAME}}</c> reads the scenario's <c>env</c>, then
    /// <see cref="ScenarioSource.Env"/> (<c>-e</c>), then <paramref name="processEnv"/> (default: the process environment).
    /// When the file sets no <c>seed</c>, one is drawn at random (<see cref="TestPlan.SeedFromFile"/> is false).
    /// </summary>
    /// <exception cref="ScenarioLoadException">The file has problems; <see cref="ScenarioLoadException.Errors"/> lists them all.</exception>
    /// <param name="code">The C# scenarios the file's <c>exec:</c> may name; null when the run has no scenario assembly.</param>
    public static TestPlan Load(ScenarioSource source, Func<string, string?>? processEnv = null, ICodeScenarios? code = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var ctx = new LoadContext(source.FileName) { Code = code };
        TestPlan? plan = null;
        try
        {
            var root = Parse(ctx, source.Text ?? "");
            if (root is not null) plan = Build(ctx, source, processEnv ?? Environment.GetEnvironmentVariable, root);
        }
        catch (Exception ex) when (ex is not ScenarioLoadException)
        {
            // A bug in the loader must not look like a crash of the tool: report it like any other problem.
            ctx.Error(new SourceLocation(source.FileName, 1, 1), "", $"internal error while loading the scenario ({ex.GetType().Name}: {ex.Message})");
        }
        if (ctx.HasErrors || plan is null)
            throw new ScenarioLoadException(ctx.HasErrors ? ctx.Errors : [new ScenarioError(new SourceLocation(source.FileName, 1, 1), "", "the scenario could not be loaded")]);
        return plan;
    }

    /// <summary>The single YAML document's root node, or null after reporting why there is none.</summary>
    private static YamlNode? Parse(LoadContext ctx, string text)
    {
        var scanner = new Scanner(new StringReader(text));
        var stream = new YamlStream();
        try
        {
            // YamlDotNet builds nodes recursively: refuse absurd nesting before it can overflow the stack.
            if (TooDeep(new Parser(scanner)) is { } deep)
            {
                ctx.Error(ctx.At(deep), "", $"the YAML is nested more than {MaxDepth} levels deep");
                return null;
            }
            scanner = new Scanner(new StringReader(text));
            stream.Load(new Parser(scanner));
        }
        catch (YamlException ex)
        {
            ctx.Error(ctx.At(ex.Start), "", $"invalid YAML: {YamlMessage(ex.Message)}");
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner throws these for a few malformed inputs; its position is where it stopped.
            ctx.Error(ctx.At(scanner.CurrentPosition), "", "invalid YAML: the text cannot be parsed here (check brackets, quotes and indentation)");
            return null;
        }
        if (stream.Documents.Count == 0)
        {
            ctx.Error(new SourceLocation(ctx.File, 1, 1), "", "the file is empty; expected a scenario with 'scenarios' or a top-level 'flow' or 'requests'");
            return null;
        }
        if (stream.Documents.Count > 1)
        {
            ctx.Error(stream.Documents[1].RootNode, "", "a scenario file holds one YAML document; found a second one here ('---')");
            return null;
        }
        return stream.Documents[0].RootNode;
    }

    private const int MaxDepth = 200;

    /// <summary>Where the first mapping or list deeper than <see cref="MaxDepth"/> starts, read event by event.</summary>
    private static Mark? TooDeep(IParser parser)
    {
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                    if (++depth > MaxDepth) return parser.Current.Start;
                    break;
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    depth--;
                    break;
            }
        }
        return null;
    }

    private static string YamlMessage(string message)
    {
        if (message.StartsWith("Duplicate key ", StringComparison.Ordinal)) return $"duplicate key '{message["Duplicate key ".Length..]}'";
        message = message.TrimEnd('.');
        return message.Length > 1 && char.IsUpper(message[0]) && !char.IsUpper(message[1])
            ? char.ToLowerInvariant(message[0]) + message[1..]
            : message;
    }

    private static TestPlan? Build(LoadContext ctx, ScenarioSource source, Func<string, string?> processEnv, YamlNode rootNode)
    {
        var top = Fields.Of(ctx, rootNode, "", "a mapping at the top of the file (name, baseUrl, scenarios, thresholds, ...)");
        if (top is null) return null;
        top.ReportUnknown(ctx, TopLevelKeys, "top-level key");

        string? name = null;
        if (top.TryGet("name", out var nameField)) name = Read.Text(ctx, nameField.Value, nameField.Path, "the test's name");

        long seed;
        var seedFromFile = top.TryGet("seed", out var seedField);
        if (seedFromFile) seed = Read.Long(ctx, seedField.Value, seedField.Path) ?? 0;
        else seed = Random.Shared.NextInt64(1, 1L << 53); // below 2^53, so it survives JSON readers intact

        var globals = new PlanGlobals { Source = source, ProcessEnv = processEnv };
        globals = globals with { Data = DataReader.Read(ctx, top, source) };
        var (baseUrl, baseUrlText, baseUrlInvalid) = BaseUrl(ctx, globals, top);
        globals = globals with { BaseUrl = baseUrlText, BaseUrlInvalid = baseUrlInvalid };

        var defaults = new RequestDefaults();
        if (top.TryGet("defaults", out var defaultsField))
            (defaults, globals) = Defaults(ctx, globals, defaultsField);

        if (top.TryGet("thinkTime", out var thinkField))
            globals = globals with { ThinkTime = Read.Think(ctx, thinkField.Value, thinkField.Path) };

        var thresholds = top.TryGet("thresholds", out var thresholdsField) ? ThresholdReader.Read(ctx, thresholdsField) : [];
        var strictThresholds = source.Overrides.StrictThresholds;
        if (top.TryGet("strictThresholds", out var strictField)) strictThresholds |= Read.Bool(ctx, strictField.Value, strictField.Path) ?? false;

        var insecure = false;
        if (top.TryGet("insecureSkipTLSVerify", out var insecureField)) insecure = Read.Bool(ctx, insecureField.Value, insecureField.Path) ?? false;

        var trendStats = TestPlan.DefaultTrendStats;
        if (top.TryGet("summaryTrendStats", out var statsField)) trendStats = TrendStats(ctx, statsField) ?? trendStats;

        var scenarios = new List<ScenarioPlan>();
        if (top.TryGet("scenarios", out var scenariosField))
        {
            foreach (var shortcut in (string[])["flow", "requests", .. ShortcutReader.Options])
                if (top.TryGet(shortcut, out var f))
                    ctx.Error(f.Key, f.Path, shortcut is "flow" or "requests"
                        ? $"a top-level '{shortcut}' is for files without 'scenarios'; move it into a scenario"
                        : $"'{shortcut}' is a shortcut option for files without 'scenarios'; set it inside a scenario instead");
            var overrides = source.Overrides;
            foreach (var (flag, given) in new[] { ("vus", overrides.Vus is not null), ("duration", overrides.Duration is not null), ("iterations", overrides.Iterations is not null) })
                if (given)
                    ctx.Error(scenariosField.Key, $"--{flag}",
                        $"--{flag} applies only to a file without 'scenarios' (the shortcut form); this file defines scenarios, so set '{flag}' in them instead");

            var map = Fields.Of(ctx, scenariosField.Value, scenariosField.Path, "a mapping of scenario names to scenarios");
            if (map is not null && map.All.Count == 0)
                ctx.Error(scenariosField.Key, scenariosField.Path, "at least one scenario is required");
            foreach (var entry in map?.All ?? [])
            {
                if (ScenarioReader.Read(ctx, globals, entry) is { } scenario) scenarios.Add(scenario);
                else if (!ctx.HasErrors) ctx.Error(entry.Key, entry.Path, "the scenario could not be read");
            }
        }
        else if (top.Has("flow") || top.Has("requests"))
        {
            if (ShortcutReader.Read(ctx, globals, top) is { } scenario) scenarios.Add(scenario);
        }
        else
        {
            ctx.Error(rootNode, "scenarios",
                "missing 'scenarios' (named scenarios, each with an executor) or a top-level 'flow' or 'requests' (one scenario named 'default')");
        }

        // Every reader reports why it returned nothing; this guards against a silent gap all the same.
        if (!ctx.HasErrors && scenarios.Count == 0)
            ctx.Error(rootNode, "scenarios", "no scenario could be read");
        if (ctx.HasErrors) return null;
        return new TestPlan
        {
            Name = name,
            Seed = seed,
            SeedFromFile = seedFromFile,
            BaseUrl = baseUrl,
            Defaults = defaults,
            Scenarios = scenarios,
            Thresholds = thresholds,
            StrictThresholds = strictThresholds,
            InsecureSkipTlsVerify = insecure,
            SummaryTrendStats = trendStats,
            Data = globals.Data,
        };
    }

    /// <summary>
    /// The base URL: the file's <c>baseUrl</c> (which may use <c>{{env.NAME}}</c>), replaced by
    /// <see cref="RunOverrides.BaseUrl"/> when given. Absolute http(s), no query or fragment.
    /// </summary>
    private static (Uri? Uri, string? Text, bool Invalid) BaseUrl(LoadContext ctx, PlanGlobals globals, Fields top)
    {
        Uri? uri = null;
        string? text = null;
        var invalid = false;
        if (top.TryGet("baseUrl", out var field))
        {
            var raw = Read.Text(ctx, field.Value, field.Path, "an absolute http:// or https:// URL");
            string? value = null;
            if (raw is not null)
            {
                var template = Template.TryParse(raw.Trim(), globals.GlobalEnv, out var templateError);
                if (template is null) ctx.Error(field.Value, field.Path, templateError ?? "invalid template");
                else if (!template.IsConstant) ctx.Error(field.Value, field.Path, "baseUrl may use {{env.NAME}} but no per-VU variables");
                else value = template.ConstantValue ?? "";
            }
            if (value is null) invalid = true;
            else if (CheckBaseUrl(value, out var error) is { } ok) (uri, text) = (ok, value.TrimEnd('/'));
            else
            {
                ctx.Error(field.Value, field.Path, error);
                invalid = true;
            }
        }
        if (globals.Source.Overrides.BaseUrl is { } overrideUri)
        {
            var overrideText = overrideUri.OriginalString.Trim();
            if (CheckBaseUrl(overrideText, out var error) is { } ok) (uri, text, invalid) = (ok, overrideText.TrimEnd('/'), false);
            else
            {
                ctx.Error(field is null ? ctx.At(top.Node) : ctx.At(field.Key), "--base-url", error);
                invalid = true;
            }
        }
        return (uri, text, invalid);
    }

    private static Uri? CheckBaseUrl(string text, out string error)
    {
        error = "";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            error = $"'{text}' is not an absolute URL; expected e.g. http://127.0.0.1:5080";
        else if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            error = $"'{text}': the scheme '{uri.Scheme}' is not supported; use http or https";
        else if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || text.Contains('?') || text.Contains('#'))
            error = $"'{text}': a base URL has no query or fragment (request paths are appended to it)";
        else return uri;
        return null;
    }

    private static (RequestDefaults, PlanGlobals) Defaults(LoadContext ctx, PlanGlobals globals, Field field)
    {
        var defaults = new RequestDefaults();
        var map = Fields.Of(ctx, field.Value, field.Path, "a mapping with headers, timeout, expectedStatuses, retry, http and connections");
        if (map is null) return (defaults, globals);
        map.ReportUnknown(ctx, DefaultsKeys, context: " in 'defaults' (it has headers, timeout, expectedStatuses, retry, http and connections)");
        if (map.TryGet("headers", out var headers))
        {
            globals = globals with { DefaultHeaders = headers };
            // The plan keeps the headers as the file's top level reads them; each scenario parses them with its own env.
            var quiet = new LoadContext(ctx.File);
            var parsed = RequestReader.ReadHeaders(quiet, headers, globals.GlobalEnv, globals.Data);
            if (parsed is null && Fields.Of(quiet, headers.Value, headers.Path) is { } raw)
                parsed = [.. raw.All.Select(h => new HeaderSpec(h.Name, Template.Literal((h.Value as YamlScalarNode)?.Value ?? "")))];
            defaults = defaults with { Headers = parsed ?? [] };
        }
        if (map.TryGet("timeout", out var timeout) && Read.Duration(ctx, timeout.Value, timeout.Path) is { } t)
        {
            if (t <= TimeSpan.Zero) ctx.Error(timeout.Value, timeout.Path, "must be greater than 0");
            else
            {
                defaults = defaults with { Timeout = t };
                globals = globals with { DefaultTimeout = t };
            }
        }
        if (map.TryGet("expectedStatuses", out var expected) && StatusReader.Read(ctx, expected.Value, expected.Path) is { } set)
        {
            defaults = defaults with { ExpectedStatuses = set };
            globals = globals with { DefaultExpectedStatuses = set };
        }
        if (map.TryGet("retry", out var retry) && RetryReader.Read(ctx, retry) is { Ok: true } policy)
            globals = globals with { DefaultRetry = policy.Policy };
        if (map.TryGet("http", out var http) && HttpVersionReader.Version(ctx, http) is { } version)
        {
            defaults = defaults with { Http = version };
            globals = globals with { DefaultHttp = version };
        }
        if (map.TryGet("connections", out var connections) && HttpVersionReader.Sharing(ctx, connections) is { } sharing)
            globals = globals with { DefaultConnections = sharing };
        return (defaults, globals);
    }

    private static IReadOnlyList<string>? TrendStats(LoadContext ctx, Field field)
    {
        var items = Read.List(ctx, field.Value, field.Path, "a list of statistics, e.g. [avg, min, med, max, p(90), p(95)]");
        if (items is null) return null;
        if (items.Count == 0)
        {
            ctx.Error(field.Key, field.Path, "list at least one statistic (avg, min, med, max or p(N))");
            return null;
        }
        var stats = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{field.Path}[{i}]";
            var text = Read.Text(ctx, items[i], path, "a statistic (avg, min, med, max or p(N))");
            if (text is null) continue;
            var m = TrendStatPattern().Match(text.Trim());
            if (!m.Success)
            {
                ctx.Error(items[i], path, $"unknown statistic '{text}'; expected avg, min, med, max or p(N) with N from 0 to 100");
                continue;
            }
            if (m.Groups["n"].Success)
            {
                var n = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
                if (n > 100)
                {
                    ctx.Error(items[i], path, $"percentile {m.Groups["n"].Value} is out of range: N in p(N) must be between 0 and 100");
                    continue;
                }
                stats.Add($"p({m.Groups["n"].Value})");
            }
            else stats.Add(text.Trim());
        }
        return stats;
    }
}
