using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace EngineThroughput;

/// <summary>
/// Study A's baseline written by hand in TorchSharp, trained the way a TorchSharp user would write it:
/// the reference the engine is measured against.
/// </summary>
internal static class PlainLoop
{
    public static double ImagesPerSecond(Tensor images, Tensor labels, int batchSize, long seed)
    {
        torch.manual_seed(seed);
        using var model = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2), nn.BatchNorm2d(32, 1e-3, 0.01),
            nn.Conv2d(32, 64, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2), nn.BatchNorm2d(64, 1e-3, 0.01),
            nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Linear(128, 10));
        using var optimizer = torch.optim.Adam(model.parameters(), 1e-3, eps: 1e-7);
        model.train();
        var count = labels.shape[0];
        var clock = Stopwatch.StartNew();
        using (var epoch = NewDisposeScope())
        {
            var order = torch.randperm(count);
            for (long start = 0; start < count; start += batchSize)
            {
                using var batch = NewDisposeScope();
                var indices = order.narrow(0, start, Math.Min(batchSize, count - start));
                var loss = nn.functional.cross_entropy(model.forward(images.index_select(0, indices)), labels.index_select(0, indices));
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
        }
        return count / clock.Elapsed.TotalSeconds;
    }
}
