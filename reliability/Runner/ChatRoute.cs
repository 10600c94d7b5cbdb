namespace Reliability.Runner;

/// <summary>The route and provider a call takes.</summary>
public enum ChatRoute { UnifiedLanrui, UnifiedBaidu, UnifiedMindIE, NativeBaidu, NativeMindIE }

public static class ChatRoutes
{
    public static readonly ChatRoute[] All = Enum.GetValues<ChatRoute>();

    public static bool IsNative(this ChatRoute route) => route is ChatRoute.NativeBaidu or ChatRoute.NativeMindIE;

    public static string Provider(this ChatRoute route) => route switch
    {
        ChatRoute.UnifiedLanrui => "lanrui",
        ChatRoute.UnifiedBaidu or ChatRoute.NativeBaidu => "baidu",
        _ => "mindie",
    };

    public static string Label(this ChatRoute route) => route switch
    {
        ChatRoute.UnifiedLanrui => "unified lanrui",
        ChatRoute.UnifiedBaidu => "unified baidu",
        ChatRoute.UnifiedMindIE => "unified mindie",
        ChatRoute.NativeBaidu => "pass-through baidu",
        _ => "pass-through mindie",
    };
}
