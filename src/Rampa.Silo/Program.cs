namespace Rampa.Silo;

/// <summary><c>rampa-silo [options]</c>: the same as <c>rampa silo [options]</c>, without the CLI around it.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args) =>
        await SiloCommandLine.RunAsync(args, Console.Out, Console.Error);
}
