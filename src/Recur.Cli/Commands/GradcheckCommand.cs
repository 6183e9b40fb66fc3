using System.CommandLine;
using System.Globalization;
using Recur.Cells;
using Recur.Diagnostics;
using Recur.Layers;
using Recur.Models;
using Recur.Text;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary><c>recur gradcheck</c>: the finite-difference gradient check of any network configuration, in double.</summary>
internal static class GradcheckCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var what = new Option<string>("--model") { Description = "What to check: stack (the recurrent layers alone, with the gradients of x, h0 and c0), lm (a language model: embedding, layers, decoder, cross-entropy) or classifier (embedding, layers, pooling, output, cross-entropy).", DefaultValueFactory = _ => "stack" };
        var cell = new Option<string>("--cell") { Description = "rnn-tanh, rnn-relu, gru-simple, gru, gru-after, lstm or lstm-peephole.", DefaultValueFactory = _ => "lstm" };
        var layers = new Option<int>("--layers") { Description = "Stacked layers.", DefaultValueFactory = _ => 1 };
        var bidirectional = new Option<bool>("--bidirectional") { Description = "Both directions (stack and classifier)." };
        var merge = new Option<string>("--merge") { Description = "How directions combine: concat or sum.", DefaultValueFactory = _ => "concat" };
        var noBias = new Option<bool>("--no-bias") { Description = "Cells without b_ih and b_hh." };
        var inputSize = new Option<int>("--input-size") { Description = "D, the input width (the embedding width for lm and classifier).", DefaultValueFactory = _ => 3 };
        var hidden = new Option<int>("--hidden-size") { Description = "H.", DefaultValueFactory = _ => 4 };
        var steps = new Option<int>("--steps") { Description = "T, the sequence length.", DefaultValueFactory = _ => 5 };
        var batch = new Option<int>("--batch") { Description = "B, sequences in the batch.", DefaultValueFactory = _ => 3 };
        var lengths = new Option<string?>("--lengths") { Description = "Valid steps of each sequence, comma-separated (e.g. 5,2,4); default all T." };
        var dropout = new Option<double>("--dropout") { Description = "Dropout between layers, stack only (the masks are fixed for the check).", DefaultValueFactory = _ => 0.0 };
        var recurrentDropout = new Option<double>("--recurrent-dropout") { Description = "Variational dropout on h, stack only.", DefaultValueFactory = _ => 0.0 };
        var vocab = new Option<int>("--vocab-size") { Description = "Vocabulary size of lm and classifier.", DefaultValueFactory = _ => 7 };
        var classes = new Option<int>("--classes") { Description = "Classes of the classifier.", DefaultValueFactory = _ => 3 };
        var pooling = new Option<string>("--pooling") { Description = "Classifier pooling: last, mean or max.", DefaultValueFactory = _ => "last" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the parameters, inputs and loss weights.", DefaultValueFactory = _ => 1UL };
        var step = new Option<double>("--step") { Description = "h of the central difference.", DefaultValueFactory = _ => GradientCheck.DefaultStep };
        var tolerance = new Option<double>("--tolerance") { Description = "Largest relative error ‖a − n‖ / (‖a‖ + ‖n‖) of a tensor that passes.", DefaultValueFactory = _ => GradientCheck.DefaultTolerance };
        var maxElements = new Option<int>("--max-elements") { Description = "Check at most this many elements of each tensor (a seeded sample).", DefaultValueFactory = _ => 200 };

        var command = new Command("gradcheck", "Check the backward pass of a configuration against finite differences, in double: one line per tensor.")
        {
            what, cell, layers, bidirectional, merge, noBias, inputSize, hidden, steps, batch, lengths, dropout, recurrentDropout,
            vocab, classes, pooling, seed, step, tolerance, maxElements,
        };
        command.SetAction(parse => CommandRunner.Run(parse.GetValue(verbose), () =>
        {
            int t = parse.GetValue(steps), b = parse.GetValue(batch);
            int[]? lengthList = ParseLengths(parse.GetValue(lengths));
            ulong s = parse.GetValue(seed);
            var options = new GradientCheckOptions
            {
                Step = parse.GetValue(step), Tolerance = parse.GetValue(tolerance), MaxElements = parse.GetValue(maxElements), Seed = s,
            };
            options.Validate();
            var recurrent = new RecurrentOptions(CellKinds.Parse(parse.GetValue(cell)!), parse.GetValue(inputSize), parse.GetValue(hidden))
            {
                NumLayers = parse.GetValue(layers),
                Bidirectional = parse.GetValue(bidirectional),
                Merge = parse.GetValue(merge) switch
                {
                    "concat" => DirectionMerge.Concat,
                    "sum" => DirectionMerge.Sum,
                    var m => throw new ArgumentException($"Unknown merge '{m}'. Expected concat or sum."),
                },
                Bias = !parse.GetValue(noBias),
                Dropout = parse.GetValue(dropout),
                RecurrentDropout = parse.GetValue(recurrentDropout),
            };
            recurrent.Validate();
            var input = new GradientCheckInput(t, b)
            {
                Lengths = lengthList, Seed = s,
                DropoutSeed = recurrent.Dropout > 0 || recurrent.RecurrentDropout > 0 ? s ^ 0xD50FUL : null,
            };
            input.Validate();
            string kind = parse.GetValue(what)!;
            if (kind != "stack" && (recurrent.Dropout > 0 || recurrent.RecurrentDropout > 0))
                throw new ArgumentException("--dropout and --recurrent-dropout apply to --model stack only.");
            var report = kind switch
            {
                "stack" => CheckStack(recurrent, input, options),
                "lm" => CheckLanguageModel(recurrent, input, parse.GetValue(vocab), options),
                "classifier" => CheckClassifier(recurrent, input, parse.GetValue(vocab), parse.GetValue(classes), parse.GetValue(pooling)!, options),
                _ => throw new ArgumentException($"Unknown --model '{kind}'. Expected stack, lm or classifier."),
            };
            return Print(report, $"{kind} {recurrent.Cell.ToName()}, {recurrent.NumLayers} layer(s){(recurrent.Bidirectional ? " bidirectional" : "")}, " +
                $"D={recurrent.InputSize} H={recurrent.HiddenSize}, T={t} B={b}{(lengthList is null ? "" : " lengths " + string.Join(',', lengthList))}");
        }));
        return command;
    }

    private static GradientCheckReport CheckStack(RecurrentOptions recurrent, GradientCheckInput input, GradientCheckOptions options)
    {
        var net = new Stacked<double>(new ParameterStore<double>(), recurrent, "rnn.");
        net.Reset(new Rng(input.Seed));
        return GradientCheck.Check(net, input, options);
    }

    private static GradientCheckReport CheckLanguageModel(RecurrentOptions recurrent, GradientCheckInput input, int vocab, GradientCheckOptions options)
    {
        if (recurrent.Bidirectional) throw new ArgumentException("A language model reads one direction; drop --bidirectional.");
        var model = new LanguageModel<double>(new LanguageModelOptions(vocab)
        {
            Cell = recurrent.Cell, EmbeddingSize = recurrent.InputSize, HiddenSize = recurrent.HiddenSize, NumLayers = recurrent.NumLayers,
        });
        var rng = new Rng(input.Seed);
        model.Reset(rng);
        var batch = new TokenBatch();
        batch.EnsureCapacity(input.Steps, input.Batch);
        for (int i = 0; i < input.Steps * input.Batch; i++)
        {
            batch.Inputs[i] = rng.NextInt(vocab);
            batch.Targets[i] = rng.NextInt(vocab);
        }
        for (int b = 0; b < input.Batch; b++)
        {
            int length = input.Lengths?[b] ?? input.Steps;
            batch.Lengths[b] = length;
            for (int t = length; t < input.Steps; t++) batch.Targets[t * input.Batch + b] = TokenBatch.IgnoreTarget;
        }
        batch.CarriesState = false;
        return GradientCheck.Check(model, batch, options);
    }

    private static GradientCheckReport CheckClassifier(RecurrentOptions recurrent, GradientCheckInput input, int vocab, int classes, string pooling,
        GradientCheckOptions options)
    {
        var model = new Classifier<double>(new ClassifierOptions(vocab, classes)
        {
            Cell = recurrent.Cell, EmbeddingSize = recurrent.InputSize, HiddenSize = recurrent.HiddenSize, NumLayers = recurrent.NumLayers,
            Bidirectional = recurrent.Bidirectional,
            Pooling = pooling switch
            {
                "last" => Pooling.Last,
                "mean" => Pooling.Mean,
                "max" => Pooling.Max,
                _ => throw new ArgumentException($"Unknown pooling '{pooling}'. Expected last, mean or max."),
            },
        });
        var rng = new Rng(input.Seed);
        model.Reset(rng);
        var examples = new List<ClassificationExample>();
        for (int b = 0; b < input.Batch; b++)
        {
            int length = input.Lengths?[b] ?? input.Steps;
            if (length == 0) throw new ArgumentException("A classifier's texts need at least one token; give lengths of 1 or more.");
            examples.Add(new ClassificationExample(Enumerable.Range(0, length).Select(_ => rng.NextInt(vocab)).ToArray(), rng.NextInt(classes)));
        }
        // One batch of all the texts, as long as the longest of them.
        var source = new ClassificationBatchSource(examples, input.Batch, seed: null, bucketByLength: false);
        var batch = new ClassificationBatch();
        source.StartEpoch(0);
        source.Next(batch);
        return GradientCheck.Check(model, batch, options);
    }

    private static int Print(GradientCheckReport report, string what)
    {
        var output = Console.Out;
        output.WriteLine($"gradcheck: {what}; relative error = ‖a − n‖ / (‖a‖ + ‖n‖) per tensor, analytic a against central differences n");
        int width = Math.Max(8, report.Tensors.Max(c => c.Name.Length));
        output.WriteLine($"{"tensor".PadRight(width)}  {"shape",-14} {"checked",7}  {"rel error",10}  {"max elem",10}  {"worst at",8}  result");
        foreach (var c in report.Tensors)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Name.PadRight(width)}  {c.Shape,-14} {c.Checked,7}  {c.RelativeError,10:0.00e+00}  {c.MaxElementError,10:0.00e+00}  {c.WorstIndex,8}  {(c.Passed(report.Tolerance) ? "ok" : "FAIL")}"));
        int failed = report.Failures.Count();
        if (failed == 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"gradcheck: passed: {report.Tensors.Count} tensors, largest relative error {report.Tensors.Max(c => c.RelativeError):0.00e+00} ≤ {report.Tolerance:0e+00}"));
            return 0;
        }
        var worst = report.Failures.MaxBy(c => double.IsNaN(c.RelativeError) ? double.PositiveInfinity : c.RelativeError)!;
        return CommandRunner.Fail(string.Create(CultureInfo.InvariantCulture,
            $"gradient check failed for {failed} of {report.Tensors.Count} tensors; worst {worst.Name}: relative error {worst.RelativeError:0.00e+00} > {report.Tolerance:0e+00} " +
            $"(element {worst.WorstIndex}: analytic {worst.WorstAnalytic:G6}, numeric {worst.WorstNumeric:G6})"));
    }

    private static int[]? ParseLengths(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return text.Split(',', StringSplitOptions.TrimEntries).Select(part =>
            int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
                ? v : throw new ArgumentException($"--lengths: '{part}' is not a whole number.")).ToArray();
    }
}
