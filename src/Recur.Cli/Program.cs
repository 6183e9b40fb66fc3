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
root.Subcommands.Add(TagCommand.Create(verbose));
root.Subcommands.Add(ClassifyCommand.Create(verbose));
root.Subcommands.Add(TranslateCommand.Create(verbose));
root.Subcommands.Add(MusicCommand.Create(verbose));
root.Subcommands.Add(ExportCommand.Create(verbose));
root.Subcommands.Add(ImportCommand.Create(verbose));
root.Subcommands.Add(GradcheckCommand.Create(verbose));
root.Subcommands.Add(DiagnoseCommand.Create(verbose));
root.Subcommands.Add(ReportCommand.Create(verbose));
var parse = root.Parse(args);
// A command line that does not parse is an error like any other: one line on stderr (--help shows the options).
if (parse.Errors.Count > 0) return CommandRunner.Fail(string.Join("; ", parse.Errors.Select(e => e.Message.ReplaceLineEndings(" ").Trim())) + " (see --help)");
return parse.Invoke();
