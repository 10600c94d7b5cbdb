namespace Functions.Core.Providers;

/// <summary>
/// A provider's pass-through route (e.g. <c>POST /baidu/chat/{endpoint}</c>): the provider's own dialect
/// in and out, unchanged, with the facade adding credentials, validation and the audit. The body is
/// parsed into <see cref="Chat.ChatCall.Request"/> (the dialects share the message shape) so the same
/// audit can record it.
/// </summary>
public interface INativeChatProvider
{
    /// <summary>The provider's name in configuration (<c>Models:N:Provider</c>).</summary>
    string Name { get; }

    /// <summary>Validates the native body (the call's <c>Route.Target</c> is a configured target) and builds what will be sent; throws a 400.</summary>
    PreparedRequest PrepareNative(Chat.ChatCall call);

    /// <summary>Sends; returns once the upstream's status and headers are known.</summary>
    Task<NativeResponse> SendNativeAsync(PreparedRequest request, CancellationToken cancellationToken);
}
