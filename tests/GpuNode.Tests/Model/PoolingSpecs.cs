using SweepCluster.GpuNode.Model.Layers;
using static TorchSharp.torch;

namespace SweepCluster.GpuNode.Tests.Model;

public sealed class PoolingSpecs
{
    public PoolingSpecs() => TestRuntime.EnsureLoaded();

    // One 1x1x2x4 map: windows of 2x2 stride 2 are [1, 2, 5, 6] and [3, -4, 7, 0].
    private static Tensor Input() => tensor(new float[] { 1, 2, 3, -4, 5, 6, 7, 0 }).reshape(1, 1, 2, 4);

    [Fact]
    public void Min_pool_takes_each_window_minimum()
    {
        using var pool = new MinPool2d(2, 2);

        Assert.Equal([1f, -4f], pool.forward(Input()).data<float>().ToArray());
    }

    [Fact]
    public void Soft_pool_is_the_softmax_weighted_mean_of_each_window()
    {
        using var pool = new SoftPool2d(2, 2);
        static double Expected(params double[] window) =>
            window.Sum(x => Math.Exp(x) * x) / window.Sum(Math.Exp);

        var output = pool.forward(Input()).data<float>().ToArray();

        Assert.Equal(Expected(1, 2, 5, 6), output[0], 5);
        Assert.Equal(Expected(3, -4, 7, 0), output[1], 5);
    }

    [Fact]
    public void Soft_pool_does_not_overflow_on_large_activations()
    {
        using var pool = new SoftPool2d(2, 2);

        var output = pool.forward(Input().mul(100)).data<float>().ToArray();

        Assert.All(output, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(600f, output[0], 2);
    }
}
