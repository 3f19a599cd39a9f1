using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using SweepCluster.GpuNode.Runtime;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>sweep runtime</c>: loads libtorch, picks the device and proves it computes.</summary>
public sealed class RuntimeCommand : Command
{
    public RuntimeCommand(CliServices services)
        : base("runtime", "Load the TorchSharp runtime, select the device and run a tensor operation on it.")
    {
        var device = SharedOptions.Device();
        var torchLib = SharedOptions.TorchLib();
        Add(device);
        Add(torchLib);
        var json = SharedOptions.Json();
        Add(json);
        SetAction(parse => services.Guard(() =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse, (device, "Torch:Device"), (torchLib, "Torch:LibDirectory")));
            var info = TorchRuntime.Initialize(settings.Torch.RuntimeOptions());
            if (parse.GetValue(json))
                services.Output.WriteLine(JsonSerializer.Serialize(info, CliJson.Options));
            else
                Print(services.Console, info);
            return ExitCodes.Success;
        }));
    }

    private static void Print(IAnsiConsole console, TorchRuntimeInfo info)
    {
        var table = new Table().HideHeaders().AddColumns("", "");
        table.AddRow("device", info.Device);
        table.AddRow("CUDA devices", info.CudaDevices.ToString());
        table.AddRow("libtorch", info.LibTorchVersion);
        table.AddRow("native library", Markup.Escape(info.NativeLibrary));
        table.AddRow("libstdc++ patch", info.LibStdCxxPatched ? "applied (GLIBCXX_3.4.32 marked weak)" : "not needed");
        table.AddRow("torch/lib", Markup.Escape(info.LibraryDirectory ?? "bundled with the build"));
        table.AddRow("tensor check", "[green]passed[/]");
        console.Write(table);
    }
}
