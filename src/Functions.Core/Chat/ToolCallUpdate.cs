namespace Functions.Core.Chat;

/// <summary>
/// A tool call, whole or as a stream fragment: the first fragment of a call carries its id, type and
/// name, later ones only argument text (OpenAI's streaming shape).
/// </summary>
public sealed record ToolCallUpdate(int Index, string? Id, string? Name, string? Arguments);
