using System.Runtime.InteropServices;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data;

/// <summary>A numeric array read from a .npy file or .npz member, its data as stored (little-endian, C order).</summary>
/// <param name="Source">The file, or <c>archive.npz:member.npy</c>, named in every error.</param>
public sealed record NpyArray(string Source, int[] Shape, NpyType Type, byte[] Data)
{
    /// <summary>The number of items along the first axis (images, labels).</summary>
    public int Count => Shape.Length > 0
        ? Shape[0]
        : throw new DatasetException($"{Source}: a 0-d array (a single scalar) has no items; expected an array of shape (N, ...).");

    /// <summary>The data as bytes, without a copy; only for uint8 arrays, whose values are already bytes.</summary>
    public byte[] ToBytes() => Type == NpyType.UInt8
        ? Data
        : throw new DatasetException($"{Source}: dtype {Type.Descr()} is not uint8 (|u1); expected bytes 0..255, e.g. a.astype('uint8').");

    /// <summary>Every value converted to float, in C order.</summary>
    public float[] ToFloats() => Type switch
    {
        NpyType.UInt8 => ToFloats<byte>(v => v),
        NpyType.Int8 => ToFloats<sbyte>(v => v),
        NpyType.UInt16 => ToFloats<ushort>(v => v),
        NpyType.Int16 => ToFloats<short>(v => v),
        NpyType.UInt32 => ToFloats<uint>(v => v),
        NpyType.Int32 => ToFloats<int>(v => v),
        NpyType.Int64 => ToFloats<long>(v => v),
        NpyType.Float32 => MemoryMarshal.Cast<byte, float>(Data).ToArray(),
        _ => ToFloats<double>(v => (float)v),
    };

    /// <summary>
    /// Class labels as ints, from an array of shape (N,) or (N, 1). Integer dtypes convert when they fit
    /// an int; float labels only where every value is a whole number. Whether a label names a class is
    /// left to the caller, which knows how many there are.
    /// </summary>
    public int[] ToLabels()
    {
        if (!(Shape.Length == 1 || Shape is [_, 1]))
        {
            throw new DatasetException(
                $"{Source}: labels of shape {new NpyHeader(Source, Shape, Type).ShapeText} are not one class index per item; " +
                "expected shape (N,); for one-hot labels save np.argmax(y, axis=1).");
        }
        return Type switch
        {
            NpyType.UInt8 => ToLabels<byte>(v => v),
            NpyType.Int8 => ToLabels<sbyte>(v => v),
            NpyType.UInt16 => ToLabels<ushort>(v => v),
            NpyType.Int16 => ToLabels<short>(v => v),
            NpyType.UInt32 => ToLabels<uint>(v => v),
            NpyType.Int32 => MemoryMarshal.Cast<byte, int>(Data).ToArray(),
            NpyType.Int64 => ToLabels<long>(v => v),
            NpyType.Float32 => ToLabels<float>(v => v),
            _ => ToLabels<double>(v => v),
        };
    }

    // Data holds the file's little-endian bytes; the platforms the node runs on (x64, arm64) are
    // little-endian, so the bytes are reinterpreted in place.
    private float[] ToFloats<T>(Func<T, float> convert)
        where T : struct
    {
        var values = MemoryMarshal.Cast<byte, T>(Data);
        var floats = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
            floats[i] = convert(values[i]);
        return floats;
    }

    private int[] ToLabels<T>(Func<T, double> value)
        where T : struct
    {
        var values = MemoryMarshal.Cast<byte, T>(Data);
        var labels = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var label = value(values[i]);
            if (label != Math.Floor(label) || label is < int.MinValue or > int.MaxValue)
            {
                throw new DatasetException(
                    $"{Source}: label {values[i]} at index {i} is not a whole number that fits an int; expected integer class indices.");
            }
            labels[i] = (int)label;
        }
        return labels;
    }
}
