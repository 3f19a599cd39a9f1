using Spectre.Console;
using SweepCluster.Coordinator.Cli;

return SweepCli.Run(args, AnsiConsole.Console, Console.Out, Console.Error);
