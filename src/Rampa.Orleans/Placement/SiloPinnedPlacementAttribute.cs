using Orleans.Placement;

namespace Rampa.Orleans.Placement;

/// <summary>
/// Marks a grain class whose activations go to the silo named in their key (<see cref="SiloPinnedKey"/>), so one grain
/// per silo can be addressed from anywhere in the cluster.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloPinnedPlacementAttribute() : PlacementAttribute(SiloPinnedPlacement.Singleton);
