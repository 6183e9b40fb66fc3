using System.Text.RegularExpressions;
using Recur.Tests.IO;

namespace Recur.Tests.Cli;

/// <summary>The process tests of <c>recur gradcheck</c>, <c>recur diagnose</c>, <c>recur report</c> and <c>recur train --log-grad-norm</c>.</summary>
[Collection(TrainedRunCollection.Name)]
public sealed class DiagnosticsCommandTests(TrainedRun run)
{
    [Fact]
    public void Gradcheck_Lstm_ExitsZeroWithALinePerTensor()
    {
        var result = CliProcess.Run(run.Directory, "gradcheck", "--cell", "lstm", "--layers", "2", "--lengths", "5,2,4");

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] tensors = ["x", "h0", "c0", "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
            "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1"];
        var rows = result.StdoutLines.Where(l => l.EndsWith(" ok", StringComparison.Ordinal) || l.EndsWith(" FAIL", StringComparison.Ordinal)).ToArray();
        Assert.Equal(tensors, rows.Select(l => l.Split(' ')[0]));
        Assert.All(rows, l => Assert.EndsWith(" ok", l));
        Assert.Contains("gradcheck: passed: 11 tensors", result.Stdout);
    }

    [Fact]
    public void Gradcheck_BadLengths_FailsWithOneLine()
    {
        string line = CliAssert.FailedWithOneLine(CliProcess.Run(run.Directory, "gradcheck", "--steps", "3", "--lengths", "3,9,1"));
        Assert.Contains("Length 9", line);
    }

    [Fact]
    public void DiagnoseTask_TinySweep_WritesAccuracyAndFlowCsv()
    {
        using var dir = new TempDirectory();
        var result = CliProcess.Run(dir.Path, "diagnose", "task", "--task", "copy", "--gaps", "1,3", "--cells", "rnn-tanh,gru",
            "--train-steps", "5", "--hidden-size", "4", "--embedding-size", "3", "--test-examples", "16", "--out", "out");

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] accuracy = File.ReadAllLines(dir.File("out/task-accuracy.csv"));
        Assert.Equal("task,cell,gap,accuracy,chance,train_loss,seconds", accuracy[0]);
        Assert.Equal(["copy,rnn-tanh,1", "copy,rnn-tanh,3", "copy,gru,1", "copy,gru,3"], accuracy[1..].Select(l => string.Join(',', l.Split(',')[..3])));
        string[] flow = File.ReadAllLines(dir.File("out/gradient-flow.csv"));
        // Two models at gap 3: distances 0..4 each.
        Assert.Equal(1 + 2 * 5, flow.Length);
        Assert.True(File.Exists(dir.File("out/task-accuracy.svg")) && File.Exists(dir.File("out/gradient-flow.svg")));
    }

    [Fact]
    public void DiagnoseGradients_TrainedAndFreshModels_WritesOneRowPerModelAndDistance()
    {
        using var dir = new TempDirectory();
        var result = CliProcess.Run(dir.Path, "diagnose", "gradients", "--model", run.RunDirectory, "--text", run.Test, "--steps", "6",
            "--sequences", "5", "--threads", "1", "--out", "flow");
        Assert.True(result.ExitCode == 0, result.ToString());
        var fresh = CliProcess.Run(dir.Path, "diagnose", "gradients", "--cells", "rnn-tanh,lstm", "--text", run.Test, "--level", "whitespace",
            "--steps", "6", "--sequences", "5", "--hidden-size", "8", "--embedding-size", "4", "--threads", "1", "--out", "fresh");
        Assert.True(fresh.ExitCode == 0, fresh.ToString());

        string[] trained = File.ReadAllLines(dir.File("flow/gradient-flow.csv"));
        Assert.Equal(1 + 6, trained.Length);
        Assert.All(trained[1..], l => Assert.Matches(@"^lstm \(run\),0,forward,\d,[0-9.E+-]+,[0-9.E+-]+,5$", l));
        string[] untrained = File.ReadAllLines(dir.File("fresh/gradient-flow.csv"));
        Assert.Equal(["rnn-tanh (untrained)", "lstm (untrained)"], untrained[1..].Select(l => l.Split(',')[0]).Distinct());
    }

    [Fact]
    public void Report_TrainedRun_WritesSelfContainedHtmlWithTheRunsLossCurve()
    {
        using var dir = new TempDirectory();
        string path = dir.File("report.html");
        var result = CliProcess.Run(dir.Path, "report", "--model", run.RunDirectory, "--text", run.Test, "--out", path, "--max-tokens", "200");

        Assert.True(result.ExitCode == 0, result.ToString());
        string html = File.ReadAllText(path);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("Loss per epoch", html);
        Assert.Equal(200, Regex.Matches(html, "<span class=\"p\\d\" title=").Count);
        Assert.DoesNotContain("http", html);
    }

    [Fact]
    public void Report_MissingText_FailsWithOneLine()
    {
        string line = CliAssert.FailedWithOneLine(CliProcess.Run(run.Directory, "report", "--model", run.RunDirectory, "--text", "nope.txt"));
        Assert.Contains("nope.txt", line);
    }

    [Fact]
    public void Train_LogGradNorm_OneRowPerStepAndAChart()
    {
        using var dir = new TempDirectory();
        var result = CliProcess.Run(dir.Path, "train", "--corpus", run.Train, "--level", "whitespace", "--mode", "stream", "--epochs", "1",
            "--hidden-size", "8", "--embedding-size", "4", "--seq-len", "8", "--batch-size", "4", "--clip-norm", "0.5", "--threads", "1",
            "--log-grad-norm", "--out", "run");

        Assert.True(result.ExitCode == 0, result.ToString());
        int steps = int.Parse(Regex.Match(result.Stdout, @"done: (\d+) steps").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        string[] rows = File.ReadAllLines(dir.File("run/grad-norm.csv"));
        Assert.Equal("step,norm,clipped", rows[0]);
        Assert.Equal(Enumerable.Range(1, steps).Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows[1..].Select(r => r.Split(',')[0]));
        // Clipped exactly when the norm before clipping is above 0.5.
        Assert.All(rows[1..], r =>
        {
            var f = r.Split(',');
            Assert.Equal(double.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture) > 0.5 ? "1" : "0", f[2]);
        });
        Assert.True(File.Exists(dir.File("run/grad-norm.svg")));
    }

    [Fact]
    public void TagTrain_LogGradNorm_OneRowPerStepAndAChart()
    {
        // The option is one of the shared training options: every train verb has it, not only the language model's.
        using var dir = new TempDirectory();
        string train = TagTrainedRun.Write(dir.File("train.conll"), 40, 7);
        var result = CliProcess.Run(dir.Path, "tag", "train", "--train", train, "--epochs", "2", "--hidden-size", "8",
            "--embedding-size", "4", "--batch-size", "8", "--threads", "1", "--log-grad-norm", "--out", "run");

        Assert.True(result.ExitCode == 0, result.ToString());
        int steps = int.Parse(Regex.Match(result.Stdout + result.Stderr, @"done: (\d+) steps").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        string[] rows = File.ReadAllLines(dir.File("run/grad-norm.csv"));
        Assert.Equal("step,norm,clipped", rows[0]);
        Assert.Equal(steps, rows.Length - 1);
        Assert.All(rows[1..], r => Assert.True(double.Parse(r.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture) > 0, r));
        Assert.True(File.Exists(dir.File("run/grad-norm.svg")));
    }
}
