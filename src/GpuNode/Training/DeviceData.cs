using SweepCluster.GpuNode.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace SweepCluster.GpuNode.Training;

/// <summary>A dataset as two tensors on the training device, copied once per trial and kept there.</summary>
internal sealed class DeviceData : IDisposable
{
    private DeviceData(Tensor images, Tensor labels)
    {
        Images = images;
        Labels = labels;
    }

    public Tensor Images { get; }

    public Tensor Labels { get; }

    public long Count => Labels.shape[0];

    public static DeviceData From(ImageDataset data, Device device, ScalarType precision = ScalarType.Float32)
    {
        var images = torch.tensor(data.Pixels.ToArray(), [data.Count, data.Channels, data.Height, data.Width]);
        if (precision != images.dtype)
            images = Convert(images, precision);
        var labels = torch.tensor(data.Labels.ToArray().Select(l => (long)l).ToArray());
        return device.type == DeviceType.CPU
            ? new DeviceData(images, labels)
            : new DeviceData(Move(images, device), Move(labels, device));
    }

    private static Tensor Convert(Tensor tensor, ScalarType precision)
    {
        using (tensor)
            return tensor.to(precision);
    }

    private static Tensor Move(Tensor tensor, Device device)
    {
        using (tensor)
            return tensor.to(device);
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
