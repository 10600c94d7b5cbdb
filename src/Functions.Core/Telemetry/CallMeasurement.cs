namespace Functions.Core.Telemetry;

/// <summary>What <see cref="FacadeMetrics.CallEnded"/> records of one provider call.</summary>
public readonly record struct CallMeasurement(
    string Provider,
    string Model,
    string Caller,
    string Route,
    bool Stream,
    CallOutcome Outcome,
    int Status,
    string? ErrorType,
    TimeSpan Duration,
    TimeSpan? TimeToFirstToken,
    ChatUsage? Usage,
    ProviderFacts? Facts);
