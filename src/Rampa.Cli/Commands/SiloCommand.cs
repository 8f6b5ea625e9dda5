using Rampa.Silo;

namespace Rampa.Cli.Commands;

/// <summary>
/// <c>rampa silo [options]</c>: one silo of a multi-process cluster (see <see cref="RampaSiloOptions.Usage"/>). It takes
/// the raw arguments after <c>silo</c>, because its options are the silo host's own, parsed by <see cref="RampaSiloOptions"/>.
/// </summary>
internal static class SiloCommand
{
    public const string Name = "silo";

    public static Task<int> ExecuteAsync(string[] argsAfterCommand) =>
        SiloCommandLine.RunAsync(argsAfterCommand, Console.Out, Console.Error);
}
