using SweepCluster.Coordinator.Configuration;
using SweepCluster.GpuNode.Data;
using SweepCluster.GpuNode.Node;
using SweepCluster.GpuNode.Runtime;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>The TorchSharp trainer of a process that hosts a GPU node: runtime loaded, device checked, CPU threads shared by the slots.</summary>
public static class LocalTrainer
{
    public static (string Device, ITrialRunner Runner) Create(SweepSettings settings, NodeCapacity capacity)
    {
        var runtime = TorchRuntime.Initialize(settings.Torch.RuntimeOptions());
        var threads = Math.Max(1, Environment.ProcessorCount / capacity.Threads(runtime.Device));
        var datasets = settings.Datasets.Local();
        return (runtime.Device, new TorchTrialRunner(new DatasetCache(datasets.Fingerprints), datasets, runtime.Device, threads));
    }
}
