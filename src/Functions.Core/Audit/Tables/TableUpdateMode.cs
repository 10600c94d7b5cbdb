namespace Functions.Core.Audit.Tables;

/// <summary>How a write treats the properties of an entity that already exists.</summary>
public enum TableUpdateMode
{
    /// <summary>Keep the stored properties the write does not name (<c>MERGE</c>).</summary>
    Merge,

    /// <summary>Replace the stored entity with the written one (<c>PUT</c>).</summary>
    Replace,
}
