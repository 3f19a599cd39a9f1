using Spectre.Console;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// Shows a sweep's progress as it happens: in a terminal, one table redrawn in place
/// (<see cref="ProgressTable"/>); anywhere else (a pipe, CI, a log), a line per event
/// (<see cref="PlainProgress"/>). Fed the same events whether the sweep runs here (<see cref="LocalProgress"/>)
/// or on a cluster (<see cref="RemoteProgress"/>).
/// </summary>
/// <param name="live">Redraw a table in place; otherwise print lines.</param>
public sealed class ProgressView(IAnsiConsole console, ProgressBoard board, bool live)
{
    private LiveDisplayContext? _display;

    public ProgressBoard Board { get; } = board;

    /// <summary>Whether progress can be a table redrawn in place: the console is a terminal that understands ANSI, and plain lines were not asked for.</summary>
    public static bool CanRedraw(IAnsiConsole console, bool plain) =>
        !plain && console.Profile.Capabilities.Ansi && console.Profile.Capabilities.Interactive;

    /// <summary>One line of a sweep's progress as a coordinator reports it.</summary>
    public static void Line(IAnsiConsole console, SweepProgress p) =>
        console.MarkupLineInterpolated($"[blue]{p.SweepId} {p.State}: {p.Done}/{p.Total} done, {p.Running} running, {p.Queued} queued, {p.Failed} failed[/]");

    /// <summary>Runs <paramref name="follow"/>, which feeds this view, with the live table on screen meanwhile (its last state stays).</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> follow)
    {
        if (!live)
            return await follow();
        return await console.Live(Render()).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async display =>
        {
            _display = display;
            try
            {
                return await follow();
            }
            finally
            {
                Redraw();
                _display = null;
            }
        });
    }

    public void Dispatched(ProgressRow row, int attempt)
    {
        row.State = TrialLifecycle.Running;
        Show(PlainProgress.Dispatched(row, attempt));
    }

    public void Trained(ProgressRow row, EpochMetrics epoch)
    {
        row.Trained(epoch);
        Show(PlainProgress.Epoch(row, epoch));
    }

    public void Ended(ProgressRow row, TrialRecord trial)
    {
        Board.Ended(row, trial.State, PlainProgress.Note(trial));
        Show(PlainProgress.Ended(row));
    }

    /// <summary>New totals: a line only when a trial ended since the last one (never between epoch lines); the table always.</summary>
    public void Totals(int total, int done, int running, int queued, int failed)
    {
        var ended = done != Board.Done;
        Board.Totals(total, done, running, queued, failed);
        if (live)
            Redraw();
        else if (ended)
            console.WriteLine(PlainProgress.Totals(Board));
    }

    private void Show(string line)
    {
        if (live)
            Redraw();
        else
            console.WriteLine(line);
    }

    private void Redraw()
    {
        if (_display is not { } display)
            return;
        display.UpdateTarget(Render());
        display.Refresh();
    }

    private Spectre.Console.Rendering.IRenderable Render() => ProgressTable.Build(Board, console.Profile.Height);
}
