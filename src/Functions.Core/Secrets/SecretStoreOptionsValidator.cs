namespace Functions.Core.Secrets;

/// <summary>Rejects unusable <see cref="SecretStoreOptions"/> when the host starts, before any secret is read.</summary>
internal sealed class SecretStoreOptionsValidator : IValidateOptions<SecretStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, SecretStoreOptions options) =>
        options.Validate() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
