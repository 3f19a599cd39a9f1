using System.Net;
using System.Net.Sockets;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Hosting;

namespace SweepCluster.Coordinator.Tests.Hosting;

public sealed class AdvertisedHostSpecs
{
    private static Func<string, IPAddress[]> Resolving(params string[] addresses) => _ => [.. addresses.Select(IPAddress.Parse)];

    [Fact]
    public void A_specific_bind_address_is_advertised_as_it_is()
    {
        Assert.Equal("10.1.2.3", AdvertisedHost.For("10.1.2.3", "pod", _ => throw new InvalidOperationException("not resolved")));
        Assert.Equal("node-a.local", AdvertisedHost.For("node-a.local", "pod", _ => throw new InvalidOperationException("not resolved")));
    }

    [Fact]
    public void A_member_bound_to_every_interface_advertises_its_own_names_first_reachable_IPv4_address()
    {
        Assert.Equal("10.89.0.7", AdvertisedHost.For("0.0.0.0", "sweep-gpu-node-5d8f", Resolving("127.0.1.1", "fe80::1", "10.89.0.7", "10.89.0.8")));
        Assert.Equal("fd00::7", AdvertisedHost.For("::", "pod", Resolving("::1", "fe80::1", "fd00::7")));
    }

    [Fact]
    public void A_name_that_resolves_only_to_loopback_or_not_at_all_asks_for_public_host()
    {
        var loopback = Assert.Throws<SettingsException>(() => AdvertisedHost.For("0.0.0.0", "laptop", Resolving("127.0.1.1")));
        Assert.Contains("--public-host", loopback.Message);
        Assert.Contains("'laptop'", loopback.Message);
        Assert.Contains("127.0.1.1", loopback.Message);

        var unknown = Assert.Throws<SettingsException>(() => AdvertisedHost.For("0.0.0.0", "ghost", _ => throw new SocketException((int)SocketError.HostNotFound)));
        Assert.Contains("--public-host", unknown.Message);
        Assert.Contains("'ghost'", unknown.Message);
    }
}
