namespace Functions.Core.Chat;

/// <summary>
/// A provider's own data shown to clients as one extra JSON property on the response and on the final
/// chunk (e.g. <c>"baidu": {...}</c>); the OpenAI SDKs ignore unknown properties.
/// </summary>
/// <param name="PropertyName">The property name, e.g. <c>baidu</c>.</param>
/// <param name="Json">The property's value, a complete UTF-8 JSON value.</param>
public sealed record ProviderExtension(string PropertyName, ReadOnlyMemory<byte> Json);
