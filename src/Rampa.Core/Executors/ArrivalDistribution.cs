namespace Rampa.Core.Executors;

/// <summary>How the open-model executors space their starts: evenly (the default) or as a Poisson process.</summary>
public enum ArrivalDistribution { Uniform, Poisson }
