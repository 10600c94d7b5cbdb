namespace Functions.Core.Providers.Lanrui;

/// <summary><c>Providers:Lanrui:*</c>.</summary>
public sealed class LanruiOptions : ProviderOptions
{
    public const string DefaultBaseUrl = "https://api.lanrui.co/v1";

    public LanruiOptions() => BaseUrl = DefaultBaseUrl;
}
