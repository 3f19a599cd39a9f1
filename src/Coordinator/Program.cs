using Spectre.Console;
using SweepCluster.Coordinator.Cli;

var console = AnsiConsole.Console;
// Redirected output (a log, CI, a pipe) has no width to fit: give tables room instead of 80 columns.
console.Profile.Width = Console.IsOutputRedirected ? 200 : console.Profile.Width;
// Nor can it take escape codes or a table redrawn in place: plain lines there, whatever TERM says.
if (Console.IsOutputRedirected)
{
    console.Profile.Capabilities.Ansi = false;
    console.Profile.Capabilities.Interactive = false;
}
// Standard output holds what the commands print (tables, JSON, CSV) and nothing else: whatever a library
// writes to Console.Out (a transport's warning while a client shuts down) goes to standard error, so a
// script parsing --json never meets a stray line. The console above already holds the real stdout.
var stdout = Console.Out;
Console.SetOut(Console.Error);
return SweepCli.Run(args, console, stdout, Console.Error);
