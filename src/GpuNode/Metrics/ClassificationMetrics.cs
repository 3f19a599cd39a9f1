using SweepCluster.Messages.Results;

namespace SweepCluster.GpuNode.Metrics;

/// <summary>
/// Computes a <see cref="ClassificationReport"/> from softmax outputs with the conventions of
/// sklearn's classification_report, log_loss and roc_auc_score, so it can be checked against them.
/// </summary>
public static class ClassificationMetrics
{
    /// <summary>
    /// Log loss clips the true-class probability to [eps, 1 - eps] with Keras's backend epsilon, so a
    /// confident miss costs -ln(1e-7) ≈ 16.1 instead of infinity. Recent sklearn clips at the float
    /// type's machine epsilon instead; the two differ only within 1e-7 of 0 or 1.
    /// </summary>
    public const double LogLossEpsilon = 1e-7;

    /// <summary>
    /// Builds the report. <paramref name="probabilities"/> is row-major, one row of
    /// <paramref name="classes"/> values per label; the prediction is the row's argmax, ties going to
    /// the lowest class. Macro averages run over all classes, as sklearn's do when given labels=range(classes).
    /// </summary>
    public static ClassificationReport Compute(ReadOnlySpan<int> labels, ReadOnlySpan<float> probabilities, int classes)
    {
        Validate(labels, probabilities, classes);
        var count = labels.Length;
        var confusion = Enumerable.Range(0, classes).Select(_ => new int[classes]).ToArray();
        var loss = 0.0;
        for (var i = 0; i < count; i++)
        {
            var row = probabilities.Slice(i * classes, classes);
            confusion[labels[i]][ArgMax(row)]++;
            loss -= Math.Log(Math.Clamp(row[labels[i]], LogLossEpsilon, 1 - LogLossEpsilon));
        }

        var perClass = Enumerable.Range(0, classes).Select(c => MetricsOf(confusion, c)).ToList();
        var hits = Enumerable.Range(0, classes).Sum(c => confusion[c][c]);
        var macro = new AveragedMetrics(
            perClass.Average(m => m.Precision), perClass.Average(m => m.Recall), perClass.Average(m => m.F1));
        var weighted = new AveragedMetrics(
            perClass.Sum(m => m.Precision * m.Support) / count,
            perClass.Sum(m => m.Recall * m.Support) / count,
            perClass.Sum(m => m.F1 * m.Support) / count);
        var rocAuc = MacroRocAuc(labels, probabilities, classes, perClass);
        return new ClassificationReport(count, (double)hits / count, loss / count, confusion, perClass, macro, weighted, rocAuc);
    }

    private static void Validate(ReadOnlySpan<int> labels, ReadOnlySpan<float> probabilities, int classes)
    {
        if (classes < 1)
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "A classification report needs at least one class.");
        if (labels.IsEmpty)
            throw new ArgumentException("A classification report needs at least one sample, but labels is empty.", nameof(labels));
        var expected = (long)labels.Length * classes;
        if (probabilities.Length != expected)
        {
            throw new ArgumentException(
                $"probabilities holds {probabilities.Length} values, but {labels.Length} labels x {classes} classes need {expected}.",
                nameof(probabilities));
        }
        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentException($"labels[{i}] is {labels[i]}, outside the classes 0..{classes - 1}.", nameof(labels));
        }
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var c = 1; c < row.Length; c++)
        {
            // Strictly greater keeps the lowest index on ties, as numpy's argmax does.
            if (row[c] > row[best])
                best = c;
        }
        return best;
    }

    private static ClassMetrics MetricsOf(int[][] confusion, int c)
    {
        var truePositives = confusion[c][c];
        var support = confusion[c].Sum();
        var predicted = confusion.Sum(row => row[c]);
        // F1 as 2TP / (predicted + support) equals the harmonic mean of precision and recall but
        // needs no undefined precision; every 0/0 counts as 0 (sklearn's zero_division=0) so averages stay finite.
        return new ClassMetrics(c, Ratio(truePositives, predicted), Ratio(truePositives, support), Ratio(2 * truePositives, predicted + support), support);
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    /// <summary>
    /// One-vs-rest AUC per class by the Mann-Whitney rank statistic, tied scores sharing their average
    /// rank (so a tied positive/negative pair counts one half), macro averaged over the classes that
    /// have both positives and negatives; null when none has.
    /// </summary>
    private static double? MacroRocAuc(ReadOnlySpan<int> labels, ReadOnlySpan<float> probabilities, int classes, List<ClassMetrics> perClass)
    {
        var count = labels.Length;
        var scores = new float[count];
        var order = new int[count];
        var sum = 0.0;
        var qualifying = 0;
        for (var c = 0; c < classes; c++)
        {
            var positives = perClass[c].Support;
            var negatives = count - positives;
            if (positives == 0 || negatives == 0)
                continue;
            for (var i = 0; i < count; i++)
            {
                scores[i] = probabilities[i * classes + c];
                order[i] = i;
            }
            Array.Sort(scores, order);

            var positiveRanks = 0.0;
            for (var start = 0; start < count;)
            {
                var end = start + 1;
                while (end < count && scores[end] == scores[start])
                    end++;
                // Positions start..end-1 hold the 1-based ranks start+1..end; their mean is shared.
                var rank = (start + 1 + end) / 2.0;
                for (var k = start; k < end; k++)
                {
                    if (labels[order[k]] == c)
                        positiveRanks += rank;
                }
                start = end;
            }
            var u = positiveRanks - positives * (positives + 1) / 2.0;
            sum += u / ((double)positives * negatives);
            qualifying++;
        }
        return qualifying == 0 ? null : sum / qualifying;
    }
}
