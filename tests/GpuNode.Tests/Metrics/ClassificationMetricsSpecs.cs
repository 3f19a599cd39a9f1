using SweepCluster.GpuNode.Metrics;
using SweepCluster.Messages.Results;

namespace SweepCluster.GpuNode.Tests.Metrics;

public sealed class ClassificationMetricsSpecs
{
    // Eight samples, three classes. Every probability is a multiple of 1/8 so floats hold it exactly.
    //
    //   sample  label   p0     p1     p2     argmax
    //   0       0       0.75   0.125  0.125  0
    //   1       0       0.5    0.375  0.125  0
    //   2       0       0.25   0.625  0.125  1
    //   3       1       0.125  0.75   0.125  1
    //   4       1       0.375  0.375  0.25   0  (tie between 0 and 1: lowest index wins)
    //   5       1       0.25   0.5    0.25   1
    //   6       2       0.125  0.25   0.625  2
    //   7       2       0.125  0.5    0.375  1
    private static readonly int[] Labels = [0, 0, 0, 1, 1, 1, 2, 2];

    private static readonly float[] Probabilities =
    [
        0.75f, 0.125f, 0.125f,
        0.5f, 0.375f, 0.125f,
        0.25f, 0.625f, 0.125f,
        0.125f, 0.75f, 0.125f,
        0.375f, 0.375f, 0.25f,
        0.25f, 0.5f, 0.25f,
        0.125f, 0.25f, 0.625f,
        0.125f, 0.5f, 0.375f,
    ];

    private static ClassificationReport Example() => ClassificationMetrics.Compute(Labels, Probabilities, classes: 3);

    [Fact]
    public void Confusion_matrix_has_true_classes_as_rows_and_argmax_predictions_as_columns()
    {
        var report = Example();

        Assert.Equal(8, report.Count);
        Assert.Equal([2, 1, 0], report.ConfusionMatrix[0]);
        Assert.Equal([1, 2, 0], report.ConfusionMatrix[1]);
        Assert.Equal([0, 1, 1], report.ConfusionMatrix[2]);
    }

    [Fact]
    public void Accuracy_counts_argmax_hits()
    {
        var report = Example();

        // Diagonal 2 + 2 + 1 = 5 of 8.
        Assert.Equal(5.0 / 8, report.Accuracy, precision: 9);
    }

    [Fact]
    public void Per_class_metrics_follow_from_the_confusion_matrix()
    {
        var report = Example();

        // Class 0: TP 2, predicted 3 (column 2+1+0), support 3 -> P 2/3, R 2/3, F1 2/3.
        // Class 1: TP 2, predicted 4 (column 1+2+1), support 3 -> P 1/2, R 2/3, F1 2*(1/2)(2/3)/(1/2+2/3) = 4/7.
        // Class 2: TP 1, predicted 1, support 2 -> P 1, R 1/2, F1 2*(1)(1/2)/(3/2) = 2/3.
        AssertClass(report.PerClass[0], 0, 2.0 / 3, 2.0 / 3, 2.0 / 3, 3);
        AssertClass(report.PerClass[1], 1, 1.0 / 2, 2.0 / 3, 4.0 / 7, 3);
        AssertClass(report.PerClass[2], 2, 1.0, 1.0 / 2, 2.0 / 3, 2);
    }

    [Fact]
    public void Macro_average_weighs_classes_equally()
    {
        var report = Example();

        // P (2/3 + 1/2 + 1) / 3 = 13/18; R (2/3 + 2/3 + 1/2) / 3 = 11/18; F1 (2/3 + 4/7 + 2/3) / 3 = 40/63.
        Assert.Equal(13.0 / 18, report.MacroAverage.Precision, precision: 9);
        Assert.Equal(11.0 / 18, report.MacroAverage.Recall, precision: 9);
        Assert.Equal(40.0 / 63, report.MacroAverage.F1, precision: 9);
    }

    [Fact]
    public void Weighted_average_weighs_classes_by_support()
    {
        var report = Example();

        // Supports 3, 3, 2 of 8.
        // P (3*2/3 + 3*1/2 + 2*1) / 8 = 5.5/8 = 11/16.
        // R (3*2/3 + 3*2/3 + 2*1/2) / 8 = 5/8, which is always the accuracy.
        // F1 (3*2/3 + 3*4/7 + 2*2/3) / 8 = (2 + 12/7 + 4/3) / 8 = (106/21) / 8 = 53/84.
        Assert.Equal(11.0 / 16, report.WeightedAverage.Precision, precision: 9);
        Assert.Equal(5.0 / 8, report.WeightedAverage.Recall, precision: 9);
        Assert.Equal(53.0 / 84, report.WeightedAverage.F1, precision: 9);
    }

    [Fact]
    public void Log_loss_is_the_mean_negative_log_probability_of_the_true_class()
    {
        var report = Example();

        // True-class probabilities 3/4, 1/2, 1/4, 3/4, 3/8, 1/2, 5/8, 3/8 multiply to
        // (3*1*1*3*3*1*5*3) / (4*2*4*4*8*2*8*8) = 405/131072, so the loss is ln(131072/405) / 8 ≈ 0.72245.
        Assert.Equal(Math.Log(131072.0 / 405) / 8, report.LogLoss, precision: 9);
    }

    [Fact]
    public void Log_loss_clips_probabilities_to_the_keras_epsilon()
    {
        // The first sample gives its true class probability 0, the second gives its true class 1.
        int[] labels = [0, 1];
        float[] probabilities = [0f, 1f, 0f, 1f];

        var report = ClassificationMetrics.Compute(labels, probabilities, classes: 2);

        // (-ln(1e-7) - ln(1 - 1e-7)) / 2 ≈ (16.118096 + 1e-7) / 2.
        Assert.Equal((-Math.Log(1e-7) - Math.Log(1 - 1e-7)) / 2, report.LogLoss, precision: 9);
    }

    [Fact]
    public void Roc_auc_counts_tied_scores_as_half_and_averages_over_classes()
    {
        var report = Example();

        // Each AUC is U / (positives * negatives), U counting positive-over-negative pairs with ties as 1/2.
        // Class 0: positives 0.75, 0.5, 0.25 vs negatives 0.125, 0.375, 0.25, 0.125, 0.125:
        //   0.75 beats 5, 0.5 beats 5, 0.25 beats 3 and ties 1 -> U = 13.5, AUC = 13.5/15 = 0.9.
        // Class 1: positives 0.75, 0.375, 0.5 vs negatives 0.125, 0.375, 0.625, 0.25, 0.5:
        //   0.75 beats 5; 0.375 beats 2, ties 1; 0.5 beats 3, ties 1 -> U = 5 + 2.5 + 3.5 = 11, AUC = 11/15.
        // Class 2: positives 0.625, 0.375 all above negatives <= 0.25 -> AUC = 1.
        // Macro: (13.5/15 + 11/15 + 15/15) / 3 = 39.5/45 = 79/90.
        Assert.Equal(79.0 / 90, report.RocAucMacro!.Value, precision: 9);
    }

    [Fact]
    public void Roc_auc_is_one_when_scores_separate_the_classes_perfectly()
    {
        int[] labels = [0, 0, 1, 1];
        float[] probabilities =
        [
            0.875f, 0.125f,
            0.625f, 0.375f,
            0.375f, 0.625f,
            0.25f, 0.75f,
        ];

        var report = ClassificationMetrics.Compute(labels, probabilities, classes: 2);

        // Both positives of each class score above both of its negatives: U = 4 of 2*2 pairs.
        Assert.Equal(1.0, report.RocAucMacro!.Value, precision: 9);
    }

    [Fact]
    public void Roc_auc_skips_classes_without_positives()
    {
        int[] labels = [0, 0, 1, 1];
        float[] probabilities =
        [
            0.5f, 0.25f, 0.25f,
            0.25f, 0.5f, 0.25f,
            0.25f, 0.5f, 0.25f,
            0.125f, 0.75f, 0.125f,
        ];

        var report = ClassificationMetrics.Compute(labels, probabilities, classes: 3);

        // Class 0: positives 0.5, 0.25 vs negatives 0.25, 0.125 -> U = 2 + 1.5 = 3.5, AUC = 3.5/4.
        // Class 1: positives 0.5, 0.75 vs negatives 0.25, 0.5 -> U = 1.5 + 2 = 3.5, AUC = 3.5/4.
        // Class 2 has no positives and is left out, so the macro is 0.875, not (0.875 + 0.875 + x) / 3.
        Assert.Equal(0.875, report.RocAucMacro!.Value, precision: 9);
    }

    [Fact]
    public void Roc_auc_is_null_when_no_class_has_both_positives_and_negatives()
    {
        int[] labels = [1, 1];
        float[] probabilities = [0.25f, 0.75f, 0.5f, 0.5f];

        var report = ClassificationMetrics.Compute(labels, probabilities, classes: 2);

        Assert.Null(report.RocAucMacro);
    }

    [Fact]
    public void A_class_never_predicted_has_precision_zero()
    {
        // Class 2 holds samples 2 and 3 but never wins the argmax.
        int[] labels = [0, 1, 2, 2];
        float[] probabilities =
        [
            0.5f, 0.25f, 0.25f,
            0.25f, 0.5f, 0.25f,
            0.5f, 0.25f, 0.25f,
            0.25f, 0.5f, 0.25f,
        ];

        var report = ClassificationMetrics.Compute(labels, probabilities, classes: 3);

        // Class 2: TP 0, predicted 0 -> P 0/0 counted as 0; R 0/2 = 0; F1 0.
        // Classes 0 and 1: TP 1, predicted 2, support 1 -> P 1/2, R 1, F1 2/3.
        // Macro P (1/2 + 1/2 + 0) / 3 = 1/3.
        AssertClass(report.PerClass[2], 2, 0, 0, 0, 2);
        AssertClass(report.PerClass[0], 0, 1.0 / 2, 1.0, 2.0 / 3, 1);
        Assert.Equal(1.0 / 3, report.MacroAverage.Precision, precision: 9);
    }

    [Fact]
    public void Rejects_probabilities_that_do_not_fill_one_row_per_label()
    {
        int[] labels = [0, 1];
        float[] probabilities = [0.5f, 0.5f, 0.5f, 0.5f, 1f];

        var error = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(labels, probabilities, classes: 3));

        Assert.Equal("probabilities", error.ParamName);
        Assert.StartsWith("probabilities holds 5 values, but 2 labels x 3 classes need 6.", error.Message);
    }

    [Fact]
    public void Rejects_a_label_outside_the_classes()
    {
        int[] labels = [0, 3];
        float[] probabilities = [0.5f, 0.25f, 0.25f, 0.5f, 0.25f, 0.25f];

        var error = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(labels, probabilities, classes: 3));

        Assert.Equal("labels", error.ParamName);
        Assert.StartsWith("labels[1] is 3, outside the classes 0..2.", error.Message);
    }

    [Fact]
    public void Rejects_a_negative_label()
    {
        int[] labels = [-1];
        float[] probabilities = [0.5f, 0.5f];

        var error = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(labels, probabilities, classes: 2));

        Assert.StartsWith("labels[0] is -1, outside the classes 0..1.", error.Message);
    }

    [Fact]
    public void Rejects_an_empty_set()
    {
        var error = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute([], [], classes: 3));

        Assert.Equal("labels", error.ParamName);
        Assert.StartsWith("A classification report needs at least one sample, but labels is empty.", error.Message);
    }

    [Fact]
    public void Rejects_fewer_than_one_class()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationMetrics.Compute([0], [], classes: 0));

        Assert.Equal("classes", error.ParamName);
        Assert.StartsWith("A classification report needs at least one class.", error.Message);
    }

    private static void AssertClass(ClassMetrics actual, int @class, double precision, double recall, double f1, int support)
    {
        Assert.Equal(@class, actual.Class);
        Assert.Equal(precision, actual.Precision, precision: 9);
        Assert.Equal(recall, actual.Recall, precision: 9);
        Assert.Equal(f1, actual.F1, precision: 9);
        Assert.Equal(support, actual.Support);
    }
}
