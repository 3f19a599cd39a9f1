using System.Globalization;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// Numbers as tables and exports print them: 4 significant digits (what tells trials apart; the
/// 17 digits of a double's round trip only add noise), accuracies as percentages with 2 decimals.
/// </summary>
public static class Numbers
{
    public const int Digits = 4;

    /// <summary>4 significant digits; whole numbers of 10,000 and more in full rather than in exponent form.</summary>
    public static string Significant(double? value) => value switch
    {
        null => "",
        double v when double.IsNaN(v) || double.IsInfinity(v) => v.ToString(CultureInfo.InvariantCulture),
        double v when Math.Abs(v) >= 1e4 => Math.Round(v).ToString("0", CultureInfo.InvariantCulture),
        double v => v.ToString("G" + Digits, CultureInfo.InvariantCulture),
    };

    /// <summary>"84.50%": a share as a percentage with 2 decimals.</summary>
    public static string Percent(double? value) => value is { } v ? (v * 100).ToString("F2", CultureInfo.InvariantCulture) + "%" : "";

    /// <summary>A duration as h:mm:ss (m:ss under an hour).</summary>
    public static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours}:{span:mm\\:ss}" : $"{(int)span.TotalMinutes}:{span:ss}";
}
