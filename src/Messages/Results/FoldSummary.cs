namespace SweepCluster.Messages.Results;

/// <summary>A final metric over folds: the mean, and the sample standard deviation (null for a single fold).</summary>
public sealed record FoldMetric(double Mean, double? Std);

/// <summary>The final metrics of a k-fold trial over its folds, recorded only when every fold was evaluated.</summary>
/// <param name="TestAccuracy">Each fold's model on the test set, when the sweep has one.</param>
public sealed record FoldSummary(int Folds, FoldMetric ValAccuracy, FoldMetric ValLoss, FoldMetric? TestAccuracy, FoldMetric? TestLoss);
