using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SweepCluster.GpuNode.Model.Layers;

/// <summary>activation(body(x) + shortcut(x)).</summary>
internal sealed class Residual : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _body;
    private readonly Sequential _shortcut;
    private readonly nn.Module<Tensor, Tensor> _activation;

    public Residual(Sequential body, Sequential shortcut, nn.Module<Tensor, Tensor> activation)
        : base("residual")
    {
        _body = body;
        _shortcut = shortcut;
        _activation = activation;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var sum = _body.forward(input).add_(_shortcut.forward(input));
        return _activation.forward(sum).MoveToOuterDisposeScope();
    }
}
