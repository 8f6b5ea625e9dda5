using System.Text.RegularExpressions;
using Rampa.Core.Scenarios;

namespace Rampa.Core.Workloads.Code;

/// <summary>
/// Loads the plan of a run that has a scenario assembly: the assembly alone (its attributes are the plan) or a YAML
/// file whose scenarios name its methods with <c>exec:</c>. Either way the one <see cref="ScenarioLoader"/> reads it.
/// </summary>
public static partial class CodePlanLoader
{
    [GeneratedRegex(@"'(?<option>[a-z][A-Za-z]*)'", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedOption();

    /// <exception cref="ScenarioLoadException">The assembly's scenarios are wrongly declared, or the file has problems (exit 104).</exception>
    public static TestPlan Load(ScenarioSource source, CodeLoadContext code, Func<string, string?>? processEnv = null)
    {
        var catalog = CodeCatalog.Discover(code);
        var scenarios = new CodeScenarios(catalog);
        TestPlan plan;
        if (!string.IsNullOrWhiteSpace(source.Text))
        {
            // The YAML file holds the plan; the assembly gives the scenarios it names (catalog errors about unused methods wait).
            var usable = catalog.Errors.Where(e => e.Message.StartsWith("no scenario found", StringComparison.Ordinal) is false).ToList();
            if (usable.Count > 0) throw new ScenarioLoadException(usable);
            plan = ScenarioLoader.Load(source, processEnv, scenarios);
        }
        else
        {
            if (catalog.Errors.Count > 0) throw new ScenarioLoadException(catalog.Errors);
            var text = CodePlanText.Write(catalog);
            try
            {
                plan = ScenarioLoader.Load(source with { Text = text.Text }, processEnv, scenarios);
            }
            catch (ScenarioLoadException e)
            {
                throw new ScenarioLoadException([.. e.Errors.Select(error => InCode(error, text)).Distinct()]);
            }
        }
        return plan with { Lifecycle = scenarios.Lifecycle };
    }

    /// <summary>An error in the written plan, told at the attribute it came from, with the property names a C# user wrote.</summary>
    private static ScenarioError InCode(ScenarioError error, CodePlanText text)
    {
        if (text.Origin(error.Location.Line) is not { } origin) return error;
        var message = QuotedOption().Replace(error.Message, m => $"'{char.ToUpperInvariant(m.Groups["option"].Value[0])}{m.Groups["option"].Value[1..]}'");
        return new ScenarioError(origin.Place, origin.Key, message);
    }
}
