using System.CommandLine;
using Recur.Cells;

namespace Recur.Cli.Commands;

/// <summary>
/// The network options <c>recur tag train</c> and <c>recur classify train</c> share (the training options are in
/// <see cref="TrainingOptionSet"/>). Each value comes from the command line, else the --config file, else its default.
/// </summary>
internal sealed class TagClassifyNetworkOptions
{
    public Option<string> Cell { get; } = new("--cell") { Description = "rnn-tanh, rnn-relu, gru-simple, gru, gru-after, lstm or lstm-peephole.", DefaultValueFactory = _ => "lstm" };
    public Option<int> Layers { get; } = new("--layers") { Description = "Stacked recurrent layers.", DefaultValueFactory = _ => 1 };
    public Option<int> Hidden { get; } = new("--hidden-size") { Description = "Hidden units per layer and direction.", DefaultValueFactory = _ => 100 };
    public Option<int> Embedding { get; } = new("--embedding-size") { Description = "Token embedding width (with --pretrained: the vectors' dimension).", DefaultValueFactory = _ => 100 };
    public Option<double> Dropout { get; } = new("--dropout") { Description = "Dropout on the recurrent network's input, between its layers and on its output.", DefaultValueFactory = _ => 0.0 };

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Cell, Layers, Hidden, Embedding, Dropout })
            command.Options.Add(option);
    }

    /// <summary>The cell named by --cell.</summary>
    public CellKind CellKind(ParseResult parse, ConfigFile config) => CellKinds.Parse(config.Get(parse, Cell));
}
