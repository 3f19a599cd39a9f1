namespace SweepCluster.Messages.Results;

/// <summary>Precision, recall and F1 averaged over classes (macro: equally; weighted: by support).</summary>
public sealed record AveragedMetrics(double Precision, double Recall, double F1);
