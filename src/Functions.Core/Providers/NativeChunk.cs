using Functions.Core.Chat;

namespace Functions.Core.Providers;

/// <summary>Bytes of a pass-through answer exactly as the provider sent them, with their meaning for the audit (null when they carry none).</summary>
public sealed record NativeChunk(ReadOnlyMemory<byte> Raw, ChatUpdate? Update);
