using System.Diagnostics;
using EngineThroughput;
using SweepCluster.GpuNode.Data;
using SweepCluster.GpuNode.Runtime;
using SweepCluster.GpuNode.Training;
using SweepCluster.Messages;
using SweepCluster.Messages.Specs;
using TorchSharp;

// Usage: dotnet run -c Release --project bench/EngineThroughput -- [images=10000] [rounds=5] [batch sizes=32,256]
var images = args.Length > 0 ? int.Parse(args[0]) : 10_000;
var rounds = args.Length > 1 ? int.Parse(args[1]) : 5;
var batchSizes = (args.Length > 2 ? args[2] : "32,256").Split(',').Select(int.Parse).ToArray();

TorchRuntime.Initialize(new TorchRuntimeOptions(DevicePreference.Cpu, null, TorchRuntimeOptions.DefaultCacheDirectory()));
var all = new FashionMnistSource(FashionMnistSource.DefaultDirectory).Load().Train;
var train = all.Select(StratifiedSplits.Subset(all.Labels, 10, images, seed: 1));
var validation = all.Select(StratifiedSplits.Subset(all.Labels, 10, 500, seed: 2));
using var tensors = torch.tensor(train.Pixels.ToArray(), [train.Count, 1, 28, 28]);
using var labels = torch.tensor(train.Labels.ToArray().Select(l => (long)l).ToArray());
var model = new ModelSpec
{
    Blocks =
    [
        new ConvBlockSpec { Filters = 32, Pool = new PoolSpec(), BatchNorm = BatchNormPlacement.AfterPool },
        new ConvBlockSpec { Filters = 64, Pool = new PoolSpec(), BatchNorm = BatchNormPlacement.AfterPool },
    ],
    Head = new HeadSpec { Dense = [new DenseSpec { Units = 128 }] },
};
var checkpoints = Directory.CreateTempSubdirectory("bench-ckpt-").FullName;

double Engine(int batchSize, int round)
{
    var folder = Path.Combine(checkpoints, $"{batchSize}-{round}");
    var run = new TrainingRun(model, new TrainingSpec { Epochs = 1, BatchSize = batchSize }, new TrainingData(train, validation, null), round, folder);
    return Trainer.Run(run).History[0].ImagesPerSecond;
}

Console.WriteLine($"# study A baseline, {images} Fashion-MNIST images, CPU, {Environment.ProcessorCount} cores, threads {torch.get_num_threads()}, GLIBC_TUNABLES={Environment.GetEnvironmentVariable("GLIBC_TUNABLES") ?? "(unset)"}");
Console.WriteLine("| batch | plain loop img/s (median) | engine img/s (median) | engine / plain | RSS after each engine trial and a full GC (MiB) |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var batchSize in batchSizes)
{
    // Warm-up: the first epoch of a process pays allocator and kernel start-up costs.
    PlainLoop.ImagesPerSecond(tensors, labels, batchSize, 0);
    Engine(batchSize, -1);
    var plain = new List<double>();
    var engine = new List<double>();
    var rss = new List<long>();
    for (var r = 0; r < rounds; r++)
    {
        // Interleaved so that drift in the machine's speed hits both alike.
        plain.Add(PlainLoop.ImagesPerSecond(tensors, labels, batchSize, r));
        engine.Add(Engine(batchSize, r));
        // After a full collection, so managed garbage (each trial's copy of the data) does not read as growth.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        rss.Add(Process.GetCurrentProcess().WorkingSet64 / (1 << 20));
    }
    double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
    Console.WriteLine($"| {batchSize} | {Median(plain):F0} | {Median(engine):F0} | {Median(engine) / Median(plain):F3} | {string.Join(", ", rss)} |");
}
Directory.Delete(checkpoints, recursive: true);
