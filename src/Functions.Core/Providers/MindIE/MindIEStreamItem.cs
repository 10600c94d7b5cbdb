namespace Functions.Core.Providers.MindIE;

/// <summary>
/// One step of a MindIE stream as <see cref="MindIEStreamReader"/> reads it.
/// </summary>
/// <param name="Raw">The bytes read from MindIE since the previous item (empty unless raw bytes are kept).</param>
/// <param name="Update">The translated event, or null (<c>[DONE]</c>, an error, bytes after the end).</param>
/// <param name="Done">True from <c>data: [DONE]</c> on: the stream ended well.</param>
/// <param name="Error">The stream failed here (raw-text error, bad event, no <c>[DONE]</c>); nothing follows.</param>
public sealed record MindIEStreamItem(ReadOnlyMemory<byte> Raw, ChatUpdate? Update, bool Done, FacadeException? Error);
