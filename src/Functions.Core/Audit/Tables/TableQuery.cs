namespace Functions.Core.Audit.Tables;

/// <summary>A query of a table's entities (Query Entities).</summary>
public sealed record TableQuery
{
    /// <summary>The OData <c>$filter</c> expression; build it with <see cref="TableFilter"/>. <c>null</c> reads all rows.</summary>
    public string? Filter { get; init; }

    /// <summary>The properties to return (<c>$select</c>); keys and timestamp come back always. <c>null</c> returns all.</summary>
    public IReadOnlyList<string>? Select { get; init; }

    /// <summary>The most entities per page (<c>$top</c>, at most 1,000); the service may return fewer.</summary>
    public int? Top { get; init; }
}
