using SweepCluster.GpuNode.Frameworks;
using SweepCluster.GpuNode.Model.Layers;
using SweepCluster.Messages.Shapes;
using SweepCluster.Messages.Specs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SweepCluster.GpuNode.Model;

/// <summary>One network of a fused group: its modules, its spec, and the shapes its blocks see.</summary>
internal sealed record FusedMember(Sequential Network, ModelSpec Spec, ModelSummary Summary, Conventions Conventions);

/// <summary>
/// Several networks of one architecture run as one ("horizontal fusion"). Each member keeps its
/// parameters in its own modules, so it checkpoints, resumes and evaluates exactly as alone; a
/// forward concatenates the members' convolution weights into one grouped convolution and stacks
/// their dense weights for one batched matrix product, so a GPU runs one kernel where it would run K.
/// Element-wise and per-channel layers (activations, pooling, padding) run once over all members;
/// batch normalisation updates each member's own running statistics; dropout draws each member's
/// mask from that member's generator, in the same order as when it trains alone. Members must share a
/// <see cref="Messages.Fusion.FusionKey"/>.
/// </summary>
internal sealed class FusedNetwork
{
    private delegate Tensor Layer(Tensor x, IReadOnlyList<int> members);

    private readonly IReadOnlyList<FusedMember> _members;
    private readonly IReadOnlyList<Dictionary<string, Tensor>> _tensors;
    private readonly IReadOnlyList<Dictionary<string, nn.Module>> _modules;
    private readonly List<Layer> _layers = [];
    private readonly bool _groupKernels;

    /// <param name="groupKernels">
    /// True: grouped convolutions, one batch normalisation and batched products over all members, which
    /// is what pays on a GPU. False: each member's own convolution, batch normalisation and dense layers
    /// on its slice, in one graph and one backward pass; on a CPU, where one small model already keeps
    /// every core busy, oneDNN's grouped convolution backward was slower than the members' own (docs/benchmarks.md).
    /// </param>
    public FusedNetwork(IReadOnlyList<FusedMember> members, bool groupKernels)
    {
        _groupKernels = groupKernels;
        _members = members;
        _tensors = [.. members.Select(m => m.Network.named_parameters().Select(p => (p.name, (Tensor)p.parameter))
            .Concat(m.Network.named_buffers().Select(b => (b.name, b.buffer))).ToDictionary(p => p.Item1, p => p.Item2))];
        _modules = [.. members.Select(m => m.Network.named_modules().ToDictionary(p => p.name, p => p.module))];
        foreach (var (part, _) in members[0].Network.named_children())
        {
            var block = part.StartsWith("block", StringComparison.Ordinal) ? int.Parse(part[5..]) : -1;
            foreach (var path in LayerPaths(part))
                _layers.Add(Fuse(path, _modules.Select(m => m.GetValueOrDefault(path)).First(m => m is not null)!, block));
        }
    }

    /// <summary>
    /// A part's layers in order, as any member has them: a dropout layer exists only in members whose
    /// rate is above zero, so each member's layers are merged in after the layer that precedes them.
    /// </summary>
    private List<string> LayerPaths(string part)
    {
        var paths = new List<string>();
        foreach (var modules in _modules)
        {
            var previous = -1;
            foreach (var path in modules.Keys.Where(k => k.StartsWith(part + ".", StringComparison.Ordinal) && k.IndexOf('.', part.Length + 1) < 0))
            {
                var at = paths.IndexOf(path);
                if (at < 0)
                    paths.Insert(at = previous + 1, path);
                previous = at;
            }
        }
        return paths;
    }

    /// <summary>The logits of the given members (K x B x classes) for their minibatches concatenated along channels (B x K*C x H x W).</summary>
    public Tensor Forward(Tensor input, IReadOnlyList<int> members)
    {
        var x = input;
        foreach (var layer in _layers)
            x = layer(x, members);
        return x;
    }

    private Layer Fuse(string path, nn.Module layer, int block) => layer switch
    {
        Conv2d or BatchNorm2d or Linear when !_groupKernels => (x, members) => EachMember(path, x, members),
        Conv2d => Convolution(path, (ConvBlockSpec)_members[0].Spec.Blocks[block], ModelBuilder.BlockOutput(_members[0].Summary, block - 1)),
        BatchNorm2d => BatchNorm(path),
        SeededDropout => (x, members) => EachMember(path, x, members),
        Flatten => (x, members) => x.reshape(x.shape[0], members.Count, -1).transpose(0, 1),
        Linear => (x, members) => torch.bmm(x, Stack(members, path + ".weight", w => w.t())).add_(Stack(members, path + ".bias", b => b.unsqueeze(0))),
        nn.Module<Tensor, Tensor> same => (x, _) => same.forward(x),
        _ => throw new ArgumentException($"Layer {path} ({layer.GetType().Name}) cannot be fused."),
    };

    private Layer Convolution(string path, ConvBlockSpec spec, FeatureShape input)
    {
        var padding = ConvPadding.Of(input, spec.Kernel, spec.Stride, spec.Padding).Inside;
        return (x, members) => nn.functional.conv2d(
            x, Concatenated(members, path + ".weight"), Concatenated(members, path + ".bias"),
            strides: [spec.Stride, spec.Stride], padding: [padding.Height, padding.Width], groups: members.Count);
    }

    /// <summary>
    /// Training-mode batch normalisation over every member's channels at once. The members' running
    /// statistics are updated here, as their own layers would update them (momentum, unbiased batch
    /// variance): libtorch's in-place update of running statistics passed to it clashes with autograd
    /// on the CPU's oneDNN path ("modified by an inplace operation" in backward).
    /// </summary>
    private Layer BatchNorm(string path)
    {
        var conventions = _members[0].Conventions;
        var momentum = FrameworkDefaults.BatchNormMomentum(conventions);
        var epsilon = FrameworkDefaults.BatchNormEpsilon(conventions);
        return (x, members) =>
        {
            var y = nn.functional.batch_norm(x, null, null, Concatenated(members, path + ".weight"), Concatenated(members, path + ".bias"), training: true, momentum, epsilon);
            using var noGrad = torch.no_grad();
            var input = x.detach();
            var mean = input.mean([0, 2, 3]);
            var variance = input.var([0, 2, 3], unbiased: true);
            var channels = mean.shape[0] / members.Count;
            // Held until the calls return (see SeededDropout: an inline Scalar may be finalized mid-call).
            using Scalar keep = 1 - momentum, take = momentum, one = 1;
            for (var i = 0; i < members.Count; i++)
            {
                var own = _tensors[members[i]];
                own[path + ".running_mean"].mul_(keep).add_(mean.narrow(0, i * channels, channels), alpha: take);
                own[path + ".running_var"].mul_(keep).add_(variance.narrow(0, i * channels, channels), alpha: take);
                if (own.TryGetValue(path + ".num_batches_tracked", out var tracked))
                    tracked.add_(one);
            }
            return y;
        };
    }

    /// <summary>
    /// Each member's own layer on its own slice: channels of B x K*C x H x W, or the first dimension of
    /// K x B x F. A member without the layer (no dropout at its rate of 0) passes its slice on.
    /// </summary>
    private Tensor EachMember(string path, Tensor x, IReadOnlyList<int> members)
    {
        var byChannel = x.dim() == 4;
        var slices = byChannel ? x.chunk(members.Count, 1) : x.unbind(0);
        var outputs = slices.Select((slice, i) => _modules[members[i]].GetValueOrDefault(path) is nn.Module<Tensor, Tensor> own ? own.forward(slice) : slice).ToList();
        return byChannel ? torch.cat(outputs, 1) : torch.stack(outputs);
    }

    private Tensor Concatenated(IReadOnlyList<int> members, string name) =>
        torch.cat(members.Select(m => _tensors[m][name]).ToList(), 0);

    private Tensor Stack(IReadOnlyList<int> members, string name, Func<Tensor, Tensor> shape) =>
        torch.stack(members.Select(m => shape(_tensors[m][name])).ToList());
}
