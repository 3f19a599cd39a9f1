namespace SweepCluster.Messages.Results;

/// <summary>What a trial reports after each epoch. Losses are cross-entropy without regularisation terms.</summary>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double ValLoss,
    double ValAccuracy,
    double LearningRate,
    double Seconds,
    double ImagesPerSecond);
