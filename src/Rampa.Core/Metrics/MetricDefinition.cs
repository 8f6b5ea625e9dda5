namespace Rampa.Core.Metrics;

/// <summary>A metric's name, type and unit.</summary>
public sealed record MetricDefinition(string Name, MetricType Type, MetricUnit Unit = MetricUnit.None);
