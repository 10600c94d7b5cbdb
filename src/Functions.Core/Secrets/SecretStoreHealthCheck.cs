using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Functions.Core.Secrets;

/// <summary>
/// Reports <see cref="ISecretStoreHealth"/> as an ASP.NET Core health check, for a readiness endpoint:
/// <c>services.AddHealthChecks().AddCheck&lt;SecretStoreHealthCheck&gt;("secrets", tags: ["ready"])</c>.
/// Serving last good values during an outage is <see cref="HealthStatus.Degraded"/>, still ready.
/// </summary>
public sealed class SecretStoreHealthCheck(ISecretStoreHealth health) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = await health.CheckAsync(cancellationToken).ConfigureAwait(false);
        var data = new Dictionary<string, object>
        {
            ["state"] = status.State.ToString(),
            ["lastSuccess"] = status.LastSuccess?.ToString("O") ?? "",
            ["lastFailure"] = status.LastFailure?.ToString("O") ?? "",
            ["outageSince"] = status.OutageSince?.ToString("O") ?? "",
        };

        return status.State switch
        {
            SecretStoreState.Ready => HealthCheckResult.Healthy("Secrets are served.", data),
            SecretStoreState.Degraded => HealthCheckResult.Degraded(status.LastError, data: data),
            _ => new HealthCheckResult(context.Registration.FailureStatus, status.LastError, data: data),
        };
    }
}
