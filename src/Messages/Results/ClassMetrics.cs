namespace SweepCluster.Messages.Results;

/// <summary>One row of a classification report; <see cref="Support"/> is the number of true members.</summary>
public sealed record ClassMetrics(int Class, double Precision, double Recall, double F1, int Support);
