namespace Functions.Core.Callers;

/// <summary><c>Callers:N:*</c>: the apps that call with API keys.</summary>
public sealed class CallerListOptions
{
    public List<CallerOptions> Callers { get; set; } = [];

    /// <summary>What is wrong with the list, each problem naming its setting.</summary>
    public IEnumerable<string> Problems()
    {
        for (var i = 0; i < Callers.Count; i++)
        {
            var caller = Callers[i];
            if (string.IsNullOrWhiteSpace(caller.Name)) yield return $"Callers:{i}:Name is missing.";
            if (!IsSha256Hex(caller.KeySha256))
                yield return $"Callers:{i}:KeySha256 must be 64 lowercase hex digits (the SHA-256 of the key).";
            if (caller.PreviousKeySha256 is { Length: > 0 } previous && !IsSha256Hex(previous))
                yield return $"Callers:{i}:PreviousKeySha256 must be 64 lowercase hex digits (the SHA-256 of the key being replaced), or not set.";
        }
    }

    private static bool IsSha256Hex(string? value) =>
        value is { Length: 64 } && value.All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c));
}
