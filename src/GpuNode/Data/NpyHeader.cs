namespace SweepCluster.GpuNode.Data;

/// <summary>What a .npy header says: the array's shape and dtype, known before any data is read.</summary>
/// <param name="Source">The file, or <c>archive.npz:member.npy</c>, named in every error.</param>
public sealed record NpyHeader(string Source, int[] Shape, NpyType Type)
{
    public long ElementCount => Shape.Aggregate(1L, (product, dimension) => product * dimension);

    public long DataLength => ElementCount * Type.ItemSize();

    /// <summary>The shape as numpy prints it, e.g. (3, 28, 28) or (5,).</summary>
    public string ShapeText => Shape.Length == 1 ? $"({Shape[0]},)" : $"({string.Join(", ", Shape)})";
}
