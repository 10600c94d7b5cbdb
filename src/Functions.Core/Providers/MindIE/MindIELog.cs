namespace Functions.Core.Providers.MindIE;

/// <summary>Source-generated log messages of the MindIE adapter. Never prompts, answers, keys or certificates' keys.</summary>
internal static partial class MindIELog
{
    [LoggerMessage(4001, LogLevel.Warning,
        "Call {RequestId}: MindIE full_text ({FullTextLength} chars) differs from the streamed deltas ({DeltaLength} chars) from character {FirstDifference}; the audit keeps full_text as the final text")]
    public static partial void FullTextMismatch(ILogger logger, string requestId, int fullTextLength, int deltaLength, int firstDifference);

    [LoggerMessage(4002, LogLevel.Information, "MindIE client certificate loaded: {Subject} ({Thumbprint}), valid until {NotAfter:u}")]
    public static partial void ClientCertificateLoaded(ILogger logger, string subject, string thumbprint, DateTime notAfter);

    [LoggerMessage(4003, LogLevel.Warning, "Call {RequestId}: the TLS connection to MindIE failed ({Reason}): {Detail}")]
    public static partial void TlsFailed(ILogger logger, string requestId, string reason, string detail);
}
