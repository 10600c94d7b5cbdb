using Azure;

namespace Functions.Core.Providers.Baidu.SharedToken;

public sealed partial class SharedBaiduTokenSource
{
    private volatile bool _created;
    private int _outage;

    private enum StoreOutcome
    {
        Done,

        /// <summary>A conditional write lost: 409 (the row was inserted meanwhile), 412 (changed meanwhile), 404 (deleted meanwhile).</summary>
        Conflict,

        /// <summary>No answer in time, throttled, refused, a server error: the table is out of use for this fetch.</summary>
        Unavailable,
    }

    private readonly record struct StoreResult<T>(StoreOutcome Outcome, T? Value);

    /// <summary>
    /// One table operation within <see cref="BaiduSharedTokenOptions.StoreTimeout"/>, creating the table first if
    /// this process has not yet done so (and again if it has gone). Failures are outcomes, never exceptions, and
    /// are logged once per outage, with the status and error code only.
    /// </summary>
    private async Task<StoreResult<T>> RunAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_shared.StoreTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (!_created)
                {
                    await _table.CreateIfNotExistsAsync(linked.Token).ConfigureAwait(false);
                    _created = true;
                }
                var value = await operation(linked.Token).ConfigureAwait(false);
                Available();
                return new StoreResult<T>(StoreOutcome.Done, value);
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == "TableNotFound" && attempt == 0)
            {
                _created = false;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 || (ex.Status == 404 && ex.ErrorCode != "TableNotFound"))
            {
                Available();
                return new StoreResult<T>(StoreOutcome.Conflict, default);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                if (Interlocked.Exchange(ref _outage, 1) == 0)
                {
                    var status = (ex as RequestFailedException)?.Status ?? 0;
                    var code = (ex as RequestFailedException)?.ErrorCode ?? (ex is OperationCanceledException ? "Timeout" : ex.GetType().Name);
                    Log.StoreUnavailable(_logger, _table.Name, status, code);
                }
                return new StoreResult<T>(StoreOutcome.Unavailable, default);
            }
        }
    }

    /// <summary>The row, or <c>null</c> when there is none.</summary>
    private async Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Inserts the row; fails with 409 when it exists. The new version's ETag.</summary>
    private async Task<ETag> AddAsync(TableEntity entity, CancellationToken cancellationToken) =>
        VersionOf(await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false));

    /// <summary>Replaces the row if it is still at <paramref name="ifMatch"/>; fails with 412 (changed) or 404 (deleted) otherwise.</summary>
    private async Task<ETag> ReplaceAsync(TableEntity entity, ETag ifMatch, CancellationToken cancellationToken) =>
        VersionOf(await _table.UpdateEntityAsync(entity, ifMatch, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false));

    private static ETag VersionOf(Response response) =>
        response.Headers.ETag ?? throw new RequestFailedException(response.Status, "The table answered without an ETag.");

    private void Available()
    {
        if (Interlocked.Exchange(ref _outage, 0) == 1) Log.StoreAvailableAgain(_logger, _table.Name);
    }

    /// <summary>Never with the token: it is a secret, and so is anything derived from it.</summary>
    private static partial class Log
    {
        [LoggerMessage(3111, LogLevel.Debug, "Using the Baidu access token shared by the other instances")]
        public static partial void UsingSharedToken(ILogger logger);

        [LoggerMessage(3112, LogLevel.Information, "Obtained a new Baidu access token and shared it with the other instances (valid for {LifetimeSeconds} s)")]
        public static partial void SharedNewToken(ILogger logger, double lifetimeSeconds);

        [LoggerMessage(3113, LogLevel.Debug, "Waiting for another instance that is getting a new Baidu access token")]
        public static partial void WaitingForAnotherInstance(ILogger logger);

        [LoggerMessage(3114, LogLevel.Warning, "The shared Baidu token table {Table} is unavailable (status {Status}, {ErrorCode}): instances get their own tokens until it answers again")]
        public static partial void StoreUnavailable(ILogger logger, string table, int status, string errorCode);

        [LoggerMessage(3115, LogLevel.Information, "The shared Baidu token table {Table} answers again")]
        public static partial void StoreAvailableAgain(ILogger logger, string table);

        [LoggerMessage(3116, LogLevel.Information, "The new Baidu access token was not shared ({Outcome}): this instance uses it alone")]
        public static partial void NewTokenNotShared(ILogger logger, string outcome);

        [LoggerMessage(3117, LogLevel.Information, "The shared Baidu access token does not open with the current secret key (rotated?): a new one is obtained")]
        public static partial void StoredTokenUnreadable(ILogger logger);

        [LoggerMessage(3118, LogLevel.Warning, "Waited too long for another instance's new Baidu access token: this instance gets its own")]
        public static partial void GaveUpWaiting(ILogger logger);
    }
}
