namespace SweepCluster.Coordinator.Analysis;

/// <summary>One bin of a continuous parameter: [Low, High), or [Low, High] for the last.</summary>
/// <param name="Label">"[0.000123, 0.00105)": the edges to 3 significant digits (more where 3 would make two edges read the same).</param>
public sealed record ParameterBin(string Label, double Low, double High, bool Last)
{
    public bool Contains(double value) => value >= Low && (value < High || (Last && value <= High));
}
