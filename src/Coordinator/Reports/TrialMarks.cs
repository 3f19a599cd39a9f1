using ScottPlot;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Reports;

/// <summary>How a trial's end is marked, the same in tables (a glyph), ECharts charts (a symbol) and PNG/SVG figures (a marker shape).</summary>
/// <param name="Name">The legend's name for the trials marked so.</param>
/// <param name="Colour">#rrggbb.</param>
public sealed record TrialMark(string Name, string Glyph, string Symbol, MarkerShape Shape, string Colour)
{
    public Color PlotColour => Color.FromHex(Colour);
}

/// <summary>
/// Trials a scheduler stopped, that stopped early or diverged carry values that mean something else
/// than a finished trial's (an epoch of a weak trial, not its end), so every figure and table marks them.
/// </summary>
public static class TrialMarks
{
    public static readonly TrialMark Finished = new("completed", "●", "circle", MarkerShape.FilledCircle, "#1f77b4");

    public static readonly TrialMark Stopped = new("stopped by the scheduler", "▲", "triangle", MarkerShape.FilledTriangleUp, "#ff7f0e");

    public static readonly TrialMark EarlyStopped = new("early-stopped", "◆", "diamond", MarkerShape.FilledDiamond, "#2ca02c");

    public static readonly TrialMark Diverged = new("diverged", "■", "rect", MarkerShape.FilledSquare, "#d62728");

    /// <summary>Running, queued, failed or cancelled: values so far, if any.</summary>
    public static readonly TrialMark Unfinished = new("not finished", "○", "emptyCircle", MarkerShape.OpenCircle, "#7f7f7f");

    /// <summary>In the order legends list them.</summary>
    public static readonly IReadOnlyList<TrialMark> All = [Finished, Stopped, EarlyStopped, Diverged, Unfinished];

    public static TrialMark Of(TrialLifecycle state) => state switch
    {
        TrialLifecycle.Completed => Finished,
        TrialLifecycle.Stopped => Stopped,
        TrialLifecycle.EarlyStopped => EarlyStopped,
        TrialLifecycle.Diverged => Diverged,
        _ => Unfinished,
    };
}
