using System.Globalization;

namespace SweepCluster.Coordinator.Analysis;

/// <summary>
/// Groups a parameter with many distinct numeric values (a random search's continuous draws) into a
/// few quantile bins, so a table by value has rows of several trials instead of one each. Bins hold
/// about equal numbers of trials; equal values never straddle an edge; each inner edge lies midway
/// between the neighbouring values, in log space for a log-sampled parameter (so 1e-4 and 1e-2 meet
/// at 1e-3, not at 0.005).
/// </summary>
public sealed class ParameterBins
{
    /// <summary>Up to this many distinct values are shown one row each.</summary>
    public const int MaxValues = 8;

    /// <summary>How many bins a parameter with more values gets (fewer where ties leave too few edges).</summary>
    public const int Count = 5;

    private ParameterBins(IReadOnlyList<ParameterBin> bins, bool log)
    {
        Bins = bins;
        Log = log;
    }

    public IReadOnlyList<ParameterBin> Bins { get; }

    /// <summary>Whether the edges were placed in log space.</summary>
    public bool Log { get; }

    /// <summary>How the values were binned, for a table's caption.</summary>
    public string Description =>
        $"{Bins.Count} quantile bins of about equal count, edges midway between neighbouring values{(Log ? " in log space" : "")}; [low, high), the last bin closed";

    /// <summary>Bins for <paramref name="values"/> (one per trial); null when there are at most <see cref="MaxValues"/> distinct values, which need none.</summary>
    /// <param name="log">The parameter is log-sampled; ignored unless every value is positive.</param>
    public static ParameterBins? For(IReadOnlyCollection<double> values, bool log)
    {
        var distinct = values.GroupBy(v => v).OrderBy(g => g.Key).Select(g => (Value: g.Key, Count: g.Count())).ToList();
        if (distinct.Count <= MaxValues)
            return null;
        log &= distinct[0].Value > 0;
        var edges = new List<double> { distinct[0].Value };
        var seen = 0;
        for (var i = 0; i < distinct.Count - 1; i++)
        {
            seen += distinct[i].Count;
            // Close the bin once it holds its share of the trials so far.
            if (edges.Count < Count && seen >= (double)edges.Count * values.Count / Count)
                edges.Add(Midway(distinct[i].Value, distinct[i + 1].Value, log));
        }
        edges.Add(distinct[^1].Value);
        var labels = Labels(edges);
        return new ParameterBins([.. Enumerable.Range(0, edges.Count - 1).Select(b => new ParameterBin(labels[b], edges[b], edges[b + 1], b == edges.Count - 2))], log);
    }

    /// <summary>The bin <paramref name="value"/> falls in (values beyond the ends fall in the first or last bin).</summary>
    public ParameterBin Of(double value) => Bins.FirstOrDefault(b => b.Contains(value)) ?? (value < Bins[0].Low ? Bins[0] : Bins[^1]);

    private static double Midway(double a, double b, bool log) => log ? Math.Sqrt(a * b) : (a + b) / 2;

    /// <summary>Each bin's label, to 3 significant digits, or more where fewer would print two different edges alike.</summary>
    private static List<string> Labels(List<double> edges)
    {
        for (var digits = 3; ; digits++)
        {
            var texts = edges.Select(e => e.ToString("g" + digits, CultureInfo.InvariantCulture)).ToList();
            if (digits == 17 || texts.Distinct().Count() == edges.Distinct().Count())
                return [.. Enumerable.Range(0, edges.Count - 1).Select(b => $"[{texts[b]}, {texts[b + 1]}{(b == edges.Count - 2 ? "]" : ")")}")];
        }
    }
}
