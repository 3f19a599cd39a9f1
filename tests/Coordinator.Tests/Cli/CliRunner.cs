using Spectre.Console;
using SweepCluster.Coordinator.Cli;

namespace SweepCluster.Coordinator.Tests.Cli;

/// <summary>Runs the real command tree in-process on a real command line and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        var exitCode = SweepCli.Run(args, console, output, output);
        return (exitCode, output.ToString());
    }
}
