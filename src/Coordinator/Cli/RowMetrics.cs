using SweepCluster.Coordinator.Ranking;
using SweepCluster.Messages.Results;

namespace SweepCluster.Coordinator.Cli;

/// <summary>A leaderboard row's value of a registered metric (the row is the ranked, serialisable form of a trial's result).</summary>
public static class RowMetrics
{
    public static double? Of(MetricInfo metric, LeaderboardRow r) => metric.Name switch
    {
        "val_accuracy" => r.ValAccuracy,
        "val_loss" => r.ValLoss,
        "test_accuracy" => r.TestAccuracy,
        "test_loss" => r.TestLoss,
        "train_accuracy" => r.TrainAccuracy,
        "train_loss" => r.TrainLoss,
        "val_macro_f1" => r.ValMacroF1,
        "test_macro_f1" => r.TestMacroF1,
        "val_roc_auc" => r.ValRocAuc,
        "test_roc_auc" => r.TestRocAuc,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric.Name, "a registered metric that leaderboard rows do not carry"),
    };
}
