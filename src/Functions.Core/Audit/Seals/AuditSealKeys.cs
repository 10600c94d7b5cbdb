namespace Functions.Core.Audit.Seals;

/// <summary>
/// The current seal key for the writer: <c>audit-seal-key</c> from the secret store (Key Vault in Azure, behind its
/// cache; <c>Secrets:Values:audit-seal-key</c> locally), parsed once per value. Without a usable key rows are written
/// unsealed (<c>audit verify</c> reports them) and an error is logged, at most once a minute: the trail keeps
/// recording rather than refusing every call over a configuration mistake.
/// </summary>
public sealed partial class AuditSealKeys(ISecretStore secrets, TimeProvider time, ILogger<AuditSealKeys> logger)
{
    private static readonly TimeSpan s_complainEvery = TimeSpan.FromMinutes(1);
    private (string Text, AuditSealKey Key)? _parsed;
    private long _complained = long.MinValue;

    /// <summary>The key to seal with now, or <c>null</c> when there is none usable (logged).</summary>
    public async ValueTask<AuditSealKey?> CurrentAsync(CancellationToken cancellationToken)
    {
        string? text;
        try
        {
            text = await secrets.GetAsync(SecretNames.AuditSealKey, cancellationToken).ConfigureAwait(false);
        }
        catch (SecretStoreException e)
        {
            Complain(e.Message);
            return null;
        }

        if (_parsed is { } parsed && string.Equals(parsed.Text, text, StringComparison.Ordinal))
        {
            return parsed.Key;
        }

        if (AuditSealKey.TryCreate(text, out var problem) is not { } key)
        {
            Complain($"the secret {SecretNames.AuditSealKey} {problem}");
            return null;
        }

        _parsed = (text!, key);
        return key;
    }

    private void Complain(string reason)
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _complained);
        if ((last == long.MinValue || time.GetElapsedTime(last, now) >= s_complainEvery) && Interlocked.CompareExchange(ref _complained, now, last) == last)
        {
            Log.NoKey(logger, reason);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5030, Level = LogLevel.Error, Message = "Audit records are written unsealed: {Reason} (audit verify reports unsealed records)")]
        public static partial void NoKey(ILogger logger, string reason);
    }
}
