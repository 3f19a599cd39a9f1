using System.Globalization;
using System.Text;

namespace SweepCluster.TestSupport;

/// <summary>
/// A sweep file for specs that run real trials: Fashion-MNIST cut to a few hundred images, one small
/// convolution block, and a grid over learning rates unless <see cref="Search"/> is given. The defaults
/// train in seconds on a CPU; a spec sets what its assertions depend on, so the file it runs is readable
/// at the call site.
/// </summary>
public sealed record TinySweep(string Name)
{
    public int? Seed { get; init; }

    /// <summary>Where the data set is read from (the built-in download folder when null).</summary>
    public string? DataPath { get; init; }

    public int Subset { get; init; } = 300;

    public double? Validation { get; init; } = 0.2;

    public int? TestSubset { get; init; } = 100;

    public int Filters { get; init; } = 4;

    /// <summary>Whether the block ends with 2x2 max pooling.</summary>
    public bool Pool { get; init; } = true;

    public int Epochs { get; init; } = 2;

    public int? BatchSize { get; init; } = 32;

    public string? Conventions { get; init; } = "pytorch";

    /// <summary>The grid's learning rates, one trial each (in this order); empty for a sweep of one trial without a search section.</summary>
    public IReadOnlyList<double> LearningRates { get; init; } = [0.001, 0.003];

    /// <summary>The search section's body instead of the learning-rate grid: one line (a flow mapping) or several (a block).</summary>
    public string? Search { get; init; }

    /// <summary>The scheduler section's value, as one line (<c>{type: asha, ...}</c>).</summary>
    public string? Scheduler { get; init; }

    public string Yaml()
    {
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"name: {Name}\n");
        if (Seed is { } seed)
            yaml.Append(CultureInfo.InvariantCulture, $"seed: {seed}\n");
        yaml.Append("dataset: {name: fashion-mnist")
            .Append(DataPath is null ? "" : $", path: {DataPath}")
            .Append(CultureInfo.InvariantCulture, $", subset: {Subset}")
            .Append(Validation is { } validation ? string.Create(CultureInfo.InvariantCulture, $", validation: {validation}") : "")
            .Append(TestSubset is { } test ? string.Create(CultureInfo.InvariantCulture, $", test_subset: {test}") : "")
            .Append("}\n");
        yaml.Append("model:\n  blocks:\n")
            .Append(CultureInfo.InvariantCulture, $"    - {{type: conv, filters: {Filters}{(Pool ? ", pool: {kind: max, size: 2}" : "")}}}\n");
        yaml.Append(CultureInfo.InvariantCulture, $"training: {{epochs: {Epochs}")
            .Append(BatchSize is { } batch ? string.Create(CultureInfo.InvariantCulture, $", batch_size: {batch}") : "")
            .Append(Conventions is null ? "" : $", conventions: {Conventions}")
            .Append("}\n");
        if (Search is { } search)
        {
            yaml.Append(search.Contains('\n')
                ? "search:\n" + string.Concat(search.TrimEnd().Split('\n').Select(line => "  " + line + "\n"))
                : $"search: {search}\n");
        }
        else if (LearningRates.Count > 0)
        {
            var rates = string.Join(", ", LearningRates.Select(r => r.ToString("R", CultureInfo.InvariantCulture)));
            yaml.Append($"search:\n  strategy: grid\n  parameters:\n    training.optimizer.learning_rate: [{rates}]\n");
        }
        if (Scheduler is { } scheduler)
            yaml.Append($"scheduler: {scheduler}\n");
        return yaml.ToString();
    }

    /// <summary>Writes the file into <paramref name="folder"/> (as <c>{Name}.yaml</c> unless named) and returns its path.</summary>
    public string WriteTo(string folder, string? fileName = null)
    {
        var file = Path.Combine(folder, fileName ?? Name + ".yaml");
        File.WriteAllText(file, Yaml());
        return file;
    }
}
