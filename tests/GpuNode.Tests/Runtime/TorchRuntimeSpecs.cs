using SweepCluster.GpuNode.Runtime;
using SweepCluster.Messages;
using SweepCluster.TestSupport;
using TorchSharp;

namespace SweepCluster.GpuNode.Tests.Runtime;

[Collection(nameof(GlobalGeneratorCollection))]
public sealed class TorchRuntimeSpecs
{
    private static TorchRuntimeOptions Options(DevicePreference device, string? libraryDirectory = null) =>
        new(device, libraryDirectory, TorchRuntimeOptions.DefaultCacheDirectory());

    [Fact]
    public void Loads_libtorch_and_trains_a_convolution_on_the_cpu()
    {
        var info = TorchRuntime.Initialize(Options(DevicePreference.Cpu));

        Assert.Equal("cpu", info.Device);
        Assert.Equal("2.10.0.0", info.LibTorchVersion);
        using var scope = torch.NewDisposeScope();
        var conv = torch.nn.Conv2d(1, 2, 3);
        var input = torch.ones(1, 1, 5, 5);
        var loss = conv.forward(input).square().mean();
        loss.backward();
        Assert.Equal(new long[] { 1, 2, 3, 3 }, conv.forward(input).shape);
        Assert.True(conv.weight!.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Auto_picks_the_cpu_when_no_cuda_device_is_usable()
    {
        var info = TorchRuntime.Initialize(Options(DevicePreference.Auto));

        Assert.Equal(info.CudaDevices > 0 ? "cuda" : "cpu", info.Device);
    }

    [Fact]
    public void Cuda_is_given_when_usable_and_otherwise_a_clear_error()
    {
        if (TorchRuntime.Initialize(Options(DevicePreference.Cpu)).CudaDevices > 0)
        {
            Assert.Equal("cuda", TorchRuntime.Initialize(Options(DevicePreference.Cuda)).Device);
            return;
        }

        var error = Assert.Throws<TorchRuntimeException>(() => TorchRuntime.Initialize(Options(DevicePreference.Cuda)));

        Assert.Contains("--device cuda", error.Message);
    }

    [Fact]
    public void A_torch_lib_folder_without_libtorch_is_rejected_with_its_path()
    {
        using var folder = new TemporaryFolder("not-torch-lib-");

        var error = Assert.Throws<TorchRuntimeException>(() => TorchRuntime.Initialize(Options(DevicePreference.Cpu, folder.Path)));

        Assert.Contains(folder.Path, error.Message);
        Assert.Contains("holds no libtorch.so", error.Message);
    }

    [Fact]
    public void A_torch_lib_folder_beside_a_bundled_libtorch_is_rejected()
    {
        using var folder = new TemporaryFolder("torch-lib-");
        folder.Write("libtorch.so", []);

        var error = Assert.Throws<TorchRuntimeException>(() => TorchRuntime.Initialize(Options(DevicePreference.Cpu, folder.Path)));

        Assert.Contains("TorchBackend=external", error.Message);
    }
}
