namespace Functions.Tests.TestInfrastructure;

/// <summary>The tests that share one Azurite instance (<see cref="AzuriteFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
