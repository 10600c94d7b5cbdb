using System.Reflection;

namespace FunctionsTestHost.Tests;

/// <summary>Where the sample worker (tests/FunctionsTestHost.SampleWorker) was built.</summary>
internal static class SampleWorker
{
    public static string Path { get; } = System.IO.Path.GetFullPath(typeof(SampleWorker).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SampleWorkerPath").Value!);
}
