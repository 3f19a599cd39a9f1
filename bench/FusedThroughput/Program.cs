using System.Diagnostics;
using SweepCluster.GpuNode.Data;
using SweepCluster.GpuNode.Runtime;
using SweepCluster.GpuNode.Training;
using SweepCluster.Messages;
using SweepCluster.Messages.Specs;
using TorchSharp;

// Usage: dotnet run -c Release --project bench/FusedThroughput -- [images=5000] [group sizes=1,4,8] [batch=32] [device=cpu] [rounds=3]
// K trials (learning rates 1e-3 * (1 + i / K), seeds i) trained one epoch each, one after another and
// fused; prints seconds and model-images per second for both, medians of interleaved rounds.
var images = args.Length > 0 ? int.Parse(args[0]) : 5_000;
var sizes = (args.Length > 1 ? args[1] : "1,4,8").Split(',').Select(int.Parse).ToArray();
var batchSize = args.Length > 2 ? int.Parse(args[2]) : 32;
var device = args.Length > 3 ? args[3] : "cpu";
var rounds = args.Length > 4 ? int.Parse(args[4]) : 3;

var runtime = TorchRuntime.Initialize(new TorchRuntimeOptions(device == "cpu" ? DevicePreference.Cpu : DevicePreference.Cuda, null, TorchRuntimeOptions.DefaultCacheDirectory()));
var all = new FashionMnistSource(FashionMnistSource.DefaultDirectory).Load().Train;
var data = new TrainingData(all.Select(StratifiedSplits.Subset(all.Labels, 10, images, seed: 1)), all.Select(StratifiedSplits.Subset(all.Labels, 10, 500, seed: 2)), null);
var model = new ModelSpec
{
    Blocks =
    [
        new ConvBlockSpec { Filters = 32, Pool = new PoolSpec(), BatchNorm = BatchNormPlacement.AfterPool },
        new ConvBlockSpec { Filters = 64, Pool = new PoolSpec(), BatchNorm = BatchNormPlacement.AfterPool },
    ],
    Head = new HeadSpec { Dense = [new DenseSpec { Units = 128 }] },
};
var checkpoints = Directory.CreateTempSubdirectory("bench-fused-").FullName;

List<TrainingRun> Runs(int k, string name) => [.. Enumerable.Range(0, k).Select(i => new TrainingRun(
    model, new TrainingSpec { Epochs = 1, BatchSize = batchSize, Conventions = Conventions.PyTorch, Optimizer = new OptimizerSpec { LearningRate = 1e-3 * (1 + i / (double)k) } },
    data, i, Path.Combine(checkpoints, name, $"m{i}"), runtime.Device))];

double Alone(int k, int round)
{
    var clock = Stopwatch.StartNew();
    foreach (var run in Runs(k, $"alone-{k}-{round}"))
        Trainer.Run(run);
    return clock.Elapsed.TotalSeconds;
}

double Fused(int k, int round)
{
    var runs = Runs(k, $"fused-{k}-{round}");
    var clock = Stopwatch.StartNew();
    FusedTrainer.Run(runs, new MemberReports((_, _) => { }, (_, _) => { }, (_, e) => throw e), [.. runs.Select(_ => CancellationToken.None)]);
    return clock.Elapsed.TotalSeconds;
}

Console.WriteLine($"# study A baseline, {images} images, batch {batchSize}, one epoch each, {runtime.Device}, {Environment.ProcessorCount} cores, threads {torch.get_num_threads()}");
Console.WriteLine("| K | one by one (s) | fused (s) | fused / one by one | fused model-img/s |");
Console.WriteLine("|---|---|---|---|---|");
Alone(1, -1);
Fused(2, -1);
foreach (var k in sizes)
{
    var alone = new List<double>();
    var fused = new List<double>();
    for (var r = 0; r < rounds; r++)
    {
        alone.Add(Alone(k, r));
        fused.Add(Fused(k, r));
    }
    double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
    Console.WriteLine($"| {k} | {Median(alone):F1} | {Median(fused):F1} | {Median(fused) / Median(alone):F3} | {k * images / Median(fused):F0} |");
}
Directory.Delete(checkpoints, recursive: true);
