using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Functions.Core.Audit.Tables;

/// <summary>
/// Stamps each try with the headers every Table request needs: <c>x-ms-date</c> (fresh per try, so that a
/// retried request is signed anew), <c>x-ms-version</c>, and the OData <c>DataServiceVersion</c> headers.
/// </summary>
internal sealed class TableHeadersPolicy(TimeProvider timeProvider) : HttpPipelineSynchronousPolicy
{
    /// <summary>The REST API version the client speaks (the one Azure.Data.Tables uses).</summary>
    public const string ServiceVersion = "2019-02-02";

    public override void OnSendingRequest(HttpMessage message)
    {
        var headers = message.Request.Headers;
        headers.SetValue("x-ms-date", timeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
        headers.SetValue("x-ms-version", ServiceVersion);
        headers.SetValue("DataServiceVersion", "3.0");
        headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
    }
}
