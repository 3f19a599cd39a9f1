using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Training;

/// <summary>
/// The learning rate of an epoch as a pure function of the spec and the validation losses so far:
/// no scheduler state to save, so a resumed trial gets exactly the rates it would have had.
/// </summary>
public static class LearningRateSchedule
{
    /// <param name="epoch">1-based epoch about to run.</param>
    /// <param name="validationLosses">val_loss of epochs 1..epoch-1.</param>
    public static double For(ScheduleSpec schedule, double initial, int epoch, int totalEpochs, IReadOnlyList<double> validationLosses) =>
        schedule.Kind switch
        {
            ScheduleKind.Step => initial * Math.Pow(schedule.Factor, (epoch - 1) / schedule.Every),
            ScheduleKind.Exponential => initial * Math.Pow(schedule.Gamma, epoch - 1),
            ScheduleKind.Cosine => schedule.MinLearningRate
                + (initial - schedule.MinLearningRate) * (1 + Math.Cos(Math.PI * (epoch - 1) / Math.Max(1, totalEpochs))) / 2,
            ScheduleKind.ReduceOnPlateau => Plateau(schedule, initial, validationLosses),
            _ => initial,
        };

    /// <summary>Keras's ReduceLROnPlateau min_delta: a new best must beat the old one by more than this.</summary>
    public const double PlateauMinDelta = 1e-4;

    /// <summary>Replays Keras's ReduceLROnPlateau on val_loss: after Patience epochs without a new best, multiply by Factor.</summary>
    private static double Plateau(ScheduleSpec schedule, double initial, IReadOnlyList<double> validationLosses)
    {
        var rate = initial;
        var best = double.PositiveInfinity;
        var wait = 0;
        foreach (var loss in validationLosses)
        {
            if (loss < best - PlateauMinDelta)
            {
                best = loss;
                wait = 0;
                continue;
            }
            if (++wait < schedule.Patience)
                continue;
            rate = Math.Max(rate * schedule.Factor, schedule.MinLearningRate);
            wait = 0;
        }
        return rate;
    }
}
