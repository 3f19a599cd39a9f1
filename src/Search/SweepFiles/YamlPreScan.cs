using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SweepCluster.Search.SweepFiles;

/// <summary>
/// Reads a sweep file's YAML events in one loop, before anything builds a tree of it: YamlStream.Load
/// and the tree converter both recurse once per nesting level, and a stack overflow cannot be caught,
/// so too deep, too large and broken input must be refused here, each as a located error.
/// </summary>
internal static class YamlPreScan
{
    /// <summary>Refuses a file over <see cref="YamlTree.MaxBytes"/>; also called on the file's length before it is read.</summary>
    public static void CheckSize(string file, long bytes)
    {
        if (bytes > YamlTree.MaxBytes)
            throw Refuse(file, 1, 1, $"is {bytes:N0} bytes; a sweep file may be at most {YamlTree.MaxBytes:N0} bytes");
    }

    public static void Check(string file, string text)
    {
        CheckSize(file, System.Text.Encoding.UTF8.GetByteCount(text));
        var scanner = new Scanner(new StringReader(text));
        var parser = new Parser(scanner);
        // Where each open mapping or list starts, and whether it is a bracketed (flow) one.
        var open = new Stack<(Mark Start, bool Flow)>();
        var documents = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case DocumentStart start when ++documents > 1:
                        throw Refuse(file, start.Start, "a sweep file holds one YAML document; a second one starts here after '---'");
                    case MappingStart or SequenceStart when open.Count == YamlTree.MaxDepth:
                        throw Refuse(file, parser.Current.Start, $"nested more than {YamlTree.MaxDepth} levels deep; a sweep file needs far fewer");
                    case MappingStart mapping:
                        open.Push((mapping.Start, mapping.Style == MappingStyle.Flow));
                        break;
                    case SequenceStart sequence:
                        open.Push((sequence.Start, sequence.Style == SequenceStyle.Flow));
                        break;
                    case MappingEnd or SequenceEnd:
                        open.Pop();
                        break;
                }
            }
        }
        catch (YamlException e)
        {
            throw Refuse(file, e.Start, "not valid YAML: " + e.Message);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this, without a position, on some unclosed lists ("[0.001, 0.003" then more keys).
            throw open.TryPeek(out var innermost) && innermost.Flow
                ? Refuse(file, innermost.Start, "not valid YAML: this bracket is never closed")
                : Refuse(file, scanner.CurrentPosition, "not valid YAML: the text cannot be read from here (a bracket or quote left open above?)");
        }
    }

    private static SweepFileException Refuse(string file, Mark at, string message) => Refuse(file, (int)at.Line, (int)at.Column, message);

    private static SweepFileException Refuse(string file, int line, int column, string message) =>
        new([new SweepError(file, line, column, "(file)", message)]);
}
