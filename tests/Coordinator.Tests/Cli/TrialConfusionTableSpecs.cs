using Spectre.Console;
using SweepCluster.Coordinator.Cli;
using SweepCluster.Messages.Specs;

namespace SweepCluster.Coordinator.Tests.Cli;

public sealed class TrialConfusionTableSpecs
{
    [Fact]
    public void The_confusion_matrix_names_rows_and_columns_by_the_datasets_class_names()
    {
        var names = Datasets.FashionMnist.ClassNames;
        var matrix = Enumerable.Range(0, names.Count).Select(r => Enumerable.Range(0, names.Count).Select(c => r == c ? 100 + r : 0).ToArray()).ToArray();
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(output) });
        console.Profile.Width = 200;

        console.Write(TrialCommand.ConfusionTable(matrix, names));

        var lines = output.ToString().Split('\n');
        Assert.Contains(lines, l => names.All(n => l.Contains(n, StringComparison.Ordinal)));
        for (var r = 0; r < names.Count; r++)
            Assert.Contains(lines, l => l.Contains($" {names[r]} ", StringComparison.Ordinal) && l.Contains($" {100 + r} ", StringComparison.Ordinal));
    }
}
