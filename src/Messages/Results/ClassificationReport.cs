namespace SweepCluster.Messages.Results;

/// <summary>
/// Metrics of one classifier on one labelled set (computed by the GpuNode's ClassificationMetrics
/// with the conventions of sklearn's classification_report, log_loss and roc_auc_score).
/// </summary>
/// <param name="ConfusionMatrix">Rows are true classes, columns predicted ones.</param>
/// <param name="RocAucMacro">One-vs-rest ROC AUC averaged over classes that have positives and negatives; null if none does.</param>
public sealed record ClassificationReport(
    int Count,
    double Accuracy,
    double LogLoss,
    int[][] ConfusionMatrix,
    IReadOnlyList<ClassMetrics> PerClass,
    AveragedMetrics MacroAverage,
    AveragedMetrics WeightedAverage,
    double? RocAucMacro);
