namespace Functions.Core.Audit.Seals;

/// <summary>
/// The keys <c>audit verify</c> tries: the current <c>audit-seal-key</c> and the retired keys listed in
/// <c>audit-seal-key-retired</c> (separated by whitespace), each found by the key id a seal names. Rotating a key:
/// add the current key to <c>audit-seal-key-retired</c>, then set the new <c>audit-seal-key</c>.
/// </summary>
public sealed class AuditSealKeyRing
{
    private readonly Dictionary<string, AuditSealKey> _byId = new(StringComparer.Ordinal);

    /// <summary>A ring of the given keys.</summary>
    public AuditSealKeyRing(AuditSealKey? current, IEnumerable<AuditSealKey> retired)
    {
        Current = current;
        foreach (var key in retired.Prepend(current).OfType<AuditSealKey>())
        {
            _byId.TryAdd(key.Id, key);
        }
    }

    /// <summary>The key new seals are made with (by <c>audit purge</c>); <c>null</c> when none is set.</summary>
    public AuditSealKey? Current { get; }

    /// <summary>How many distinct keys the ring holds.</summary>
    public int Count => _byId.Count;

    /// <summary>The key with this id, or <c>null</c>.</summary>
    public AuditSealKey? Find(string? id) => id is not null && _byId.TryGetValue(id, out var key) ? key : null;

    /// <summary>Reads both secrets from the secret store.</summary>
    /// <exception cref="InvalidOperationException">A key is set but unusable (too short): the message says which, never its value.</exception>
    public static async Task<AuditSealKeyRing> LoadAsync(ISecretStore secrets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var currentText = await secrets.GetAsync(SecretNames.AuditSealKey, cancellationToken).ConfigureAwait(false);
        var current = AuditSealKey.TryCreate(currentText, out var problem);
        if (current is null && !string.IsNullOrWhiteSpace(currentText))
        {
            throw new InvalidOperationException($"The secret {SecretNames.AuditSealKey} {problem}.");
        }

        var retired = new List<AuditSealKey>();
        var retiredText = await secrets.GetAsync(SecretNames.AuditSealKeyRetired, cancellationToken).ConfigureAwait(false) ?? "";
        var words = retiredText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            retired.Add(AuditSealKey.TryCreate(words[i], out problem)
                ?? throw new InvalidOperationException($"Key {i + 1} of the secret {SecretNames.AuditSealKeyRetired} {problem}."));
        }

        return new AuditSealKeyRing(current, retired);
    }
}
