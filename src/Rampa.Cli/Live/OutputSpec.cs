namespace Rampa.Cli.Live;

/// <summary>
/// One <c>--out KIND[=VALUE]</c> (repeatable, as in k6): which output and its value, checked when the command line is
/// read (<see cref="OutputKinds.Parse"/>), opened when the run starts.
/// </summary>
public sealed record OutputSpec(string Kind, string? Value)
{
    public override string ToString() => Value is null ? Kind : $"{Kind}={Value}";
}
