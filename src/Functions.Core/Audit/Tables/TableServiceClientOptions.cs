using Azure.Core;

namespace Functions.Core.Audit.Tables;

/// <summary>
/// Options of the Table client: Azure.Core's retry, transport and diagnostics settings, plus which Shared Key
/// scheme signs requests and the clock that dates them.
/// </summary>
public sealed class TableServiceClientOptions : ClientOptions
{
    /// <summary>Creates options with the client's request headers allowed in Azure.Core's logs.</summary>
    public TableServiceClientOptions()
    {
        foreach (var header in new[] { "x-ms-version", "DataServiceVersion", "MaxDataServiceVersion", "Prefer", "x-ms-continuation-NextPartitionKey", "x-ms-continuation-NextRowKey", "Preference-Applied" })
        {
            Diagnostics.LoggedHeaderNames.Add(header);
        }

        Diagnostics.LoggedQueryParameters.Add("$filter");
        Diagnostics.LoggedQueryParameters.Add("$select");
        Diagnostics.LoggedQueryParameters.Add("$top");
    }

    /// <summary>The Shared Key scheme used with account keys; <see cref="TableSharedKeyScheme.SharedKey"/> by default.</summary>
    public TableSharedKeyScheme SharedKeyScheme { get; set; } = TableSharedKeyScheme.SharedKey;

    /// <summary>The clock for <c>x-ms-date</c>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
