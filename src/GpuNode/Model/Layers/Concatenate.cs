using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SweepCluster.GpuNode.Model.Layers;

/// <summary>Runs branches on the same input and concatenates their outputs along channels (inception).</summary>
internal sealed class Concatenate : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> _branches;

    public Concatenate(IEnumerable<nn.Module<Tensor, Tensor>> branches)
        : base("concatenate")
    {
        _branches = nn.ModuleList(branches.ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return torch.cat(_branches.Select(b => b.forward(input)).ToList(), dim: 1).MoveToOuterDisposeScope();
    }
}
