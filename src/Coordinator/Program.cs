using Spectre.Console;
using SweepCluster.Coordinator.Cli;

// Redirected output (a log, CI, a pipe) has no width to fit: give tables room instead of 80 columns.
var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
    console.Profile.Width = 200;
return SweepCli.Run(args, console, Console.Out, Console.Error);
