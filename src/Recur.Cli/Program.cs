using System.CommandLine;
using Recur.Cli.Commands;

var verbose = new Option<bool>("--verbose") { Description = "Print stack traces of errors.", Recursive = true };
var root = new RootCommand("Recur: recurrent sequence models (RNN, GRU, LSTM) in managed .NET.")
{
    verbose,
};
root.Subcommands.Add(TrainCommand.Create(verbose));
root.Subcommands.Add(SampleCommand.Create(verbose));
root.Subcommands.Add(ScoreCommand.Create(verbose));
return root.Parse(args).Invoke();
