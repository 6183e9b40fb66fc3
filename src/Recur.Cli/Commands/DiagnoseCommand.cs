using System.CommandLine;

namespace Recur.Cli.Commands;

/// <summary><c>recur diagnose</c>: how gradients flow back in time, and the long-range tasks that show what it costs.</summary>
internal static class DiagnoseCommand
{
    /// <summary>CSV of the gradient flow.</summary>
    public const string FlowCsv = "gradient-flow.csv";

    /// <summary>Chart of the gradient flow.</summary>
    public const string FlowSvg = "gradient-flow.svg";

    public static Command Create(Option<bool> verbose) => new("diagnose", "See gradients: their flow back in time (vanishing gradients) and long-range tasks by gap.")
    {
        DiagnoseGradientsCommand.Create(verbose),
        DiagnoseTaskCommand.Create(verbose),
    };
}
