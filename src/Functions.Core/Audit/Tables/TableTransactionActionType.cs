namespace Functions.Core.Audit.Tables;

/// <summary>The operations an entity group transaction can carry (as in Azure.Data.Tables).</summary>
public enum TableTransactionActionType
{
    /// <summary>Insert; fails with <c>EntityAlreadyExists</c> when the row exists.</summary>
    Add,

    /// <summary>Merge into an existing entity (<c>If-Match</c> the given ETag, or any).</summary>
    UpdateMerge,

    /// <summary>Replace an existing entity (<c>If-Match</c> the given ETag, or any).</summary>
    UpdateReplace,

    /// <summary>Insert or merge.</summary>
    UpsertMerge,

    /// <summary>Insert or replace.</summary>
    UpsertReplace,

    /// <summary>Delete (<c>If-Match</c> the given ETag, or any).</summary>
    Delete,
}
