namespace Functions.Core.Chat;

/// <summary>Token counts as the provider reported them (never summed across stream events).</summary>
public sealed record ChatUsage(int PromptTokens, int CompletionTokens, int TotalTokens);
