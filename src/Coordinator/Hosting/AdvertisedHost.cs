using System.Net;
using System.Net.Sockets;
using SweepCluster.Coordinator.Configuration;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// The host a member advertises when no --public-host is given. A member bound to every interface
/// (0.0.0.0 in a pod) cannot advertise that, so it takes the address its own host name resolves to:
/// the pod IP, which the kubelet (and podman) write into /etc/hosts. This spares manifests the
/// status.podIP field, which not every runtime fills.
/// </summary>
public static class AdvertisedHost
{
    public static string For(string bindHost) => For(bindHost, Dns.GetHostName(), Dns.GetHostAddresses);

    public static string For(string bindHost, string hostName, Func<string, IPAddress[]> resolve)
    {
        if (!IPAddress.TryParse(bindHost, out var bound) || !(bound.Equals(IPAddress.Any) || bound.Equals(IPAddress.IPv6Any)))
            return bindHost;
        IPAddress[] addresses;
        try
        {
            addresses = resolve(hostName);
        }
        catch (SocketException e)
        {
            throw new SettingsException($"--host {bindHost} needs --public-host: this machine's name '{hostName}' does not resolve ({e.Message}).");
        }
        var own = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetworkV6 && !IPAddress.IsLoopback(a) && !a.IsIPv6LinkLocal)
            ?? throw new SettingsException(
                $"--host {bindHost} needs --public-host: this machine's name '{hostName}' resolves to no address other members could reach " +
                $"({(addresses.Length == 0 ? "none" : string.Join(", ", addresses.Select(a => a.ToString())))}).");
        return own.ToString();
    }
}
