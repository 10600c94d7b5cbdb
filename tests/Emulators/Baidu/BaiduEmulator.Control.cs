namespace Emulators.Baidu;

public sealed partial class BaiduEmulator
{
    /// <summary>Forgets every token issued so far: the next chat request with one gets 110 (token invalid).</summary>
    public void RevokeAllTokens() => _tokens.Clear();
}
