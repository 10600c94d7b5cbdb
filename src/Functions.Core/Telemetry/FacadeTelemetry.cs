using System.Diagnostics;

namespace Functions.Core.Telemetry;

/// <summary>
/// The names the facade's traces and metrics go by. One <see cref="ActivitySource"/> for the facade's own spans (the
/// audit write), one meter for its instruments (<see cref="FacadeMetrics"/>); ASP.NET Core and HttpClient
/// instrumentation add the request span and the upstream call's child span.
/// </summary>
public static class FacadeTelemetry
{
    /// <summary>The name of the facade's meter and activity source.</summary>
    public const string Name = "LlmFacade";

    /// <summary>The facade's own spans.</summary>
    public static readonly ActivitySource Source = new(Name);

    /// <summary>Span and metric attributes (OpenTelemetry GenAI conventions where they have a name; the facade's own otherwise).</summary>
    public static class Attributes
    {
        public const string OperationName = "gen_ai.operation.name";
        public const string ProviderName = "gen_ai.provider.name";
        public const string RequestModel = "gen_ai.request.model";
        public const string ResponseModel = "gen_ai.response.model";
        public const string TokenType = "gen_ai.token.type";
        public const string ErrorType = "error.type";
        public const string Caller = "caller";
        public const string Route = "route";
        public const string Outcome = "outcome";
        public const string Status = "http.response.status_code";
        public const string RequestId = "facade.request_id";
        public const string Stream = "facade.stream";
    }
}
