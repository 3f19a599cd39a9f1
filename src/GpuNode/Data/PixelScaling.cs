namespace SweepCluster.GpuNode.Data;

internal static class PixelScaling
{
    /// <summary>Bytes 0..255 to floats in [0, 1], the scaling every study uses.</summary>
    public static float[] ToUnitRange(ReadOnlySpan<byte> raw)
    {
        var pixels = new float[raw.Length];
        for (var i = 0; i < raw.Length; i++)
            pixels[i] = raw[i] / 255f;
        return pixels;
    }
}
