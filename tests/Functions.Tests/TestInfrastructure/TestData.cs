namespace Functions.Tests.TestInfrastructure;

/// <summary>Recorded transcripts under <c>TestData/</c>, copied beside the test assembly.</summary>
public static class TestData
{
    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", relative);

    public static byte[] Bytes(string relative) => File.ReadAllBytes(Path(relative));
}
