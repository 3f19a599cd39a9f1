using Spectre.Console;
using Spectre.Console.Rendering;

namespace SweepCluster.Coordinator.Tests.Cli;

/// <summary>A console of a given width that writes plain text (no ANSI) into a string, for specs of what tables look like.</summary>
internal static class TextConsole
{
    public static (IAnsiConsole Console, StringWriter Text) Create(int width, int height = 40)
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = width;
        console.Profile.Height = height;
        return (console, text);
    }

    public static string Render(IRenderable renderable, int width, int height = 40)
    {
        var (console, text) = Create(width, height);
        console.Write(renderable);
        return text.ToString();
    }
}
