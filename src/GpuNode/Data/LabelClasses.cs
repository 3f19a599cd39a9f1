using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data;

/// <summary>The classes of integer labels: the sweep file's names, or the labels' numbers 0..k-1.</summary>
public static class LabelClasses
{
    /// <exception cref="DatasetException">A label is outside the named classes, or the labels hold fewer than two classes.</exception>
    public static IReadOnlyList<string> Of(ReadOnlySpan<int> labels, IReadOnlyList<string>? names, string source)
    {
        if (labels.Length == 0)
            throw new DatasetException($"{source}: holds no labels; a dataset needs images of at least 2 classes.");
        var highest = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0 || names is not null && labels[i] >= names.Count)
            {
                var valid = names is null ? "0 or more" : $"0..{names.Count - 1} ({names.Count} classes)";
                throw new DatasetException($"{source}: label {labels[i]} at index {i} is outside {valid}.", field: names is null ? null : "classes");
            }
            highest = Math.Max(highest, labels[i]);
        }
        if (names is not null)
            return names;
        // Without names the labels are all there is to tell the classes: a training set of one label is no classifier's.
        if (labels.IndexOfAnyExcept(labels[0]) < 0)
            throw new DatasetException($"{source}: every label is {labels[0]}; a classifier needs images of at least 2 classes.");
        return [.. Enumerable.Range(0, highest + 1).Select(c => c.ToString())];
    }
}
