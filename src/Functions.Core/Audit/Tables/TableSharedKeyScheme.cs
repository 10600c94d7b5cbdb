namespace Functions.Core.Audit.Tables;

/// <summary>The two Shared Key schemes the Table service accepts.</summary>
public enum TableSharedKeyScheme
{
    /// <summary><c>SharedKey</c>: signs the verb, Content-MD5, Content-Type, date and canonicalized resource.</summary>
    SharedKey,

    /// <summary><c>SharedKeyLite</c>: signs the date and canonicalized resource only.</summary>
    SharedKeyLite,
}
