using SweepCluster.Messages.Shapes;
using TorchSharp.Modules;

namespace SweepCluster.GpuNode.Model;

/// <summary>A TorchSharp network built from a spec, with the summary it was built from.</summary>
/// <param name="Network">Named children <c>block0</c>, <c>block1</c>, ..., <c>head</c>.</param>
public sealed record BuiltModel(Sequential Network, ModelSummary Summary) : IDisposable
{
    public void Dispose() => Network.Dispose();
}
