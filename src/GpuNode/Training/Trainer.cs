using SweepCluster.Messages.Results;
using TorchSharp;
using static TorchSharp.torch;

namespace SweepCluster.GpuNode.Training;

/// <summary>
/// Trains one trial on the calling thread: epochs of shuffled minibatches, validation after each,
/// learning-rate schedule, early stopping, divergence detection, cancellation between batches,
/// epoch checkpoints to resume from, and a final evaluation with the kept weights.
/// </summary>
public static class Trainer
{
    /// <summary>
    /// A mean cross-entropy this high means logits wrong by margins in the thousands: such a run has
    /// diverged even while its loss is still a finite number (lr 1e6 with Adam stays finite).
    /// </summary>
    public const double DivergedLoss = 1e4;

    public static TrainingResult Run(TrainingRun run, Action<EpochMetrics>? onEpoch = null, CancellationToken cancel = default)
    {
        if (run.Threads > 0)
            torch.set_num_threads(run.Threads);
        using var session = new TrialSession(run);
        foreach (var epoch in session.Recovered)
            onEpoch?.Invoke(epoch);
        while (true)
        {
            using var epochScope = NewDisposeScope();
            using var pass = session.Begin();
            if (pass is null)
                return session.Finish();
            for (long start = 0; start < pass.Count && !cancel.IsCancellationRequested; start += pass.BatchSize)
                Step(session, pass, start);
            pass.StopClock();
            if (session.End(pass, onEpoch, cancel) is { } ended)
                return ended;
        }
    }

    private static void Step(TrialSession session, EpochPass pass, long start)
    {
        using var batchScope = NewDisposeScope();
        var batch = pass.Batch(start);
        var logits = session.Network.forward(batch.Images);
        var loss = nn.functional.cross_entropy(logits, batch.Targets);
        session.Optimizer.zero_grad();
        session.Objective(loss).backward();
        session.Optimizer.step();
        pass.Record(batch, loss, logits);
    }

}
