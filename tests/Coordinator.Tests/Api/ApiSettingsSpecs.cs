using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Api;

/// <summary>The API refuses to start open to the network by accident, and says what is wrong with its secrets without showing them.</summary>
public sealed class ApiSettingsSpecs : IDisposable
{
    private readonly TemporaryFolder _folder = new("api-settings-");

    public void Dispose() => _folder.Dispose();

    private static ApiServer Server(ApiSettings settings) => new(settings, new SweepService(() => null, new SweepSettings()));

    [Fact]
    public void A_non_loopback_address_without_a_token_is_refused_unless_the_operator_says_insecure()
    {
        var refused = Assert.Throws<SettingsException>(() => Server(new ApiSettings { Port = 8080, Address = "0.0.0.0" }));

        Assert.Contains("--insecure-api", refused.Message);
        Assert.Contains("Api:TokenFile", refused.Message);
        Assert.Equal(8080, Server(new ApiSettings { Port = 8080, Address = "0.0.0.0", Insecure = true }).Port);
        Assert.Equal(8080, Server(new ApiSettings { Port = 8080, Address = "0.0.0.0", TokenFile = _folder.Write("token", "abc") }).Port);
        Assert.Equal(8080, Server(new ApiSettings { Port = 8080 }).Port); // loopback: this machine only
        Assert.Contains("not an IP address", Assert.Throws<SettingsException>(() => Server(new ApiSettings { Port = 8080, Address = "sweep-api" })).Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hunter2 hunter3")]
    [InlineData("hunter2\nhunter3")]
    public void A_token_file_that_does_not_hold_one_token_is_refused_without_echoing_it(string content)
    {
        var file = _folder.Write("token", content);

        var refused = Assert.Throws<SettingsException>(() => ApiTokens.Read(file, "Api:TokenFile"));

        Assert.Contains("must hold the token alone", refused.Message);
        Assert.DoesNotContain("hunter", refused.Message);
    }

    [Fact]
    public void A_missing_token_file_or_certificate_is_named()
    {
        Assert.Contains("cannot read the token file", Assert.Throws<SettingsException>(() => ApiTokens.Read(_folder.File("absent"), "--token-file")).Message);
        var notPem = _folder.Write("tls.crt", "not a certificate");
        Assert.Contains("tls.crt", Assert.Throws<SettingsException>(() => Server(new ApiSettings { Port = 8080, Certificate = notPem })).Message);
        Assert.Equal("padded-token", ApiTokens.Read(_folder.Write("padded", "  padded-token \n"), "--token-file"));
    }
}
