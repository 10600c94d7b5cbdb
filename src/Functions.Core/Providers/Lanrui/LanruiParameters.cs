namespace Functions.Core.Providers.Lanrui;

/// <summary>
/// Lanrui's own parameter ranges (docs/protocols/lanrui.md), checked before anything is sent so a caller gets a
/// 400 naming the parameter: temperature [0, 2], top_p (0, 1], penalties [-2, 2], one choice.
/// </summary>
public static class LanruiParameters
{
    public const string Display = "Lanrui";
    private static readonly SamplingRanges Sampling = new(Display, Temperature: new(0, 2), TopP: new(0, 1, MinExclusive: true), Penalty: new(-2, 2));

    public static void Check(ChatCompletionRequest request)
    {
        Sampling.Check(request);
        if (request.N is not (null or 1)) throw FacadeErrors.InvalidParameter("n", $"'n' must be 1 for {Display} models.");
    }
}
