using SweepCluster.GpuNode.Data;

namespace SweepCluster.GpuNode.Tests.Data;

/// <summary>The real Fashion-MNIST from Debian's dataset-fashion-mnist, loaded once for all tests in a class.</summary>
public sealed class RealFashionMnist
{
    public DatasetParts Parts { get; } = new FashionMnistSource(FashionMnistSource.DefaultDirectory).Load();
}
