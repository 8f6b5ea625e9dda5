namespace Rampa.Orleans.Placement;

/// <summary>
/// The placement strategy of grains whose key names the silo they must run on (see <see cref="SiloPinnedKey"/>);
/// <see cref="SiloPinnedPlacementDirector"/> does the placing.
/// </summary>
[GenerateSerializer, Immutable, Alias("Rampa.SiloPinnedPlacement")]
public sealed class SiloPinnedPlacement : PlacementStrategy
{
    public static SiloPinnedPlacement Singleton { get; } = new();
}
