using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Auth;

/// <summary>Settings the auth tests share: a second model on the Lanrui emulator, so allowlists have something to forbid.</summary>
public static class AuthTestSettings
{
    /// <summary>The model every allowlist in these tests leaves out.</summary>
    public const string LargeModel = "llama-large";

    /// <summary><paramref name="settings"/> plus <see cref="LargeModel"/> next to <see cref="LanruiEnvironment.Model"/>.</summary>
    public static Dictionary<string, string?> WithLargeModel(Dictionary<string, string?>? settings = null)
    {
        var all = settings ?? [];
        all["Models:1:Name"] = LargeModel;
        all["Models:1:Provider"] = "lanrui";
        all["Models:1:Target"] = "meta-llama/Llama-2-70b-chat-hf";
        return all;
    }
}
