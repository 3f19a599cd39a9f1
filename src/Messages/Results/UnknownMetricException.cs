namespace SweepCluster.Messages.Results;

/// <summary>A metric name the registry does not hold (or not of the kind asked for); the message lists the names that would do.</summary>
/// <param name="valid">The names that would do; all of them by default.</param>
/// <param name="kind">What the metric had to be ("recorded after every epoch"); null for any metric.</param>
public sealed class UnknownMetricException(string? name, IReadOnlyList<string>? valid = null, string? kind = null)
    : ArgumentException(kind is null
        ? $"Unknown metric '{name}': it must be one of {MetricRegistry.Listed(valid)}."
        : $"'{name}' is not a metric {kind}: it must be one of {MetricRegistry.Listed(valid)}.")
{
    public string? Name { get; } = name;
}
