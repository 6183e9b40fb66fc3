using Recur.Layers;
using Recur.Training;

namespace Recur.Tests.Training;

/// <summary>
/// What <see cref="Trainer{T, TBatch}"/> does with non-finite steps and when it asks for checkpoints, on a scripted model:
/// three parameter tensors in forward order, a loss and gradients chosen per step.
/// </summary>
public sealed class TrainerFaultTests
{
    /// <summary>One batch: the 0-based index of the call that trains on it.</summary>
    public sealed class Batch
    {
        public int Index { get; set; }
    }

    /// <summary>Batches 0, 1, … of an epoch.</summary>
    private sealed class Source(int count) : IBatchSource<Batch>
    {
        private int _next;
        public int BatchCount => count;
        public void StartEpoch(int epoch) => _next = 0;

        public bool Next(Batch batch)
        {
            if (_next == count) return false;
            batch.Index = _next++;
            return true;
        }
    }

    /// <summary>
    /// Loss 1 and gradient 1 everywhere, except a NaN loss on the calls in <c>nanLoss</c> and an infinite gradient of the
    /// named tensors on the calls in <c>badGradients</c>.
    /// </summary>
    private sealed class ScriptedModel : ITrainable<double, Batch>
    {
        private int _call = -1;

        public ScriptedModel()
        {
            Store.Add("embedding.weight", 2, 2);
            Store.Add("rnn.weight_hh_l0", 2, 2);
            Store.Add("decoder.weight", 2, 2);
            Store.Values.Fill(0.5);
        }

        public ParameterStore<double> Store { get; } = new();
        public HashSet<int> NanLoss { get; } = [];
        public Dictionary<int, string[]> BadGradients { get; } = [];
        public int Calls => _call + 1;

        public double Forward(Batch batch, Rng? dropoutRng)
        {
            _call++;
            return NanLoss.Contains(_call) ? double.NaN : 1.0;
        }

        public void Backward()
        {
            Store.Gradients.Fill(1.0);
            if (BadGradients.TryGetValue(_call, out var names))
                foreach (string name in names) Store.Gradient(Store[name])[1] = double.PositiveInfinity;
        }

        public int CountItems(Batch batch) => 10;
    }

    private static Trainer<double, Batch> NewTrainer(ScriptedModel model, TrainOptions options) =>
        new(model, options with { Optimizer = "sgd", LearningRate = 0.1, ClipNorm = null });

    [Fact]
    public void TrainStep_GradientsNonFiniteInTwoTensors_StopNamesFirstInForwardOrderAndTheOneNearestTheOutput()
    {
        var model = new ScriptedModel();
        model.BadGradients[3] = ["decoder.weight", "rnn.weight_hh_l0"];
        var trainer = NewTrainer(model, new TrainOptions { Epochs = 1 });
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Train(new Source(10), null, null, null, CancellationToken.None));

        Assert.Equal(4, e.Step);
        Assert.Equal("gradient of rnn.weight_hh_l0", e.What);
        Assert.Contains("first in forward order of 2 tensors", e.Detail);
        Assert.Contains("nearest the output, where backpropagation produced them first, is decoder.weight", e.Detail);
        Assert.Equal(3, trainer.State.Step);
        // The weights are those after step 3: 0.5 − 3 × 0.1 × 1.
        Assert.All(model.Store.Values.ToArray(), w => Assert.Equal(0.2, w, 12));
    }

    [Fact]
    public void TrainStep_LossNaNWithFiniteWeights_StopSaysTheActivationsOverflowed()
    {
        var model = new ScriptedModel();
        model.NanLoss.Add(0);
        var trainer = NewTrainer(model, new TrainOptions { Epochs = 1 });
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Train(new Source(10), null, null, null, CancellationToken.None));
        Assert.Equal(1, e.Step);
        Assert.Equal("loss", e.What);
        Assert.Contains("every weight is finite", e.Detail);
    }

    [Fact]
    public void TrainStep_LossNaNWithANonFiniteWeight_StopNamesTheWeight()
    {
        var model = new ScriptedModel();
        model.Store.Value(model.Store["decoder.weight"])[0] = double.NaN;
        model.NanLoss.Add(0);
        var trainer = NewTrainer(model, new TrainOptions { Epochs = 1 });
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Train(new Source(10), null, null, null, CancellationToken.None));
        Assert.Equal("weight decoder.weight holds a non-finite value", e.Detail);
    }

    [Fact]
    public void Train_SkipNonFinite_LeavesWeightsOfSkippedStepsAndCountsThem()
    {
        var model = new ScriptedModel();
        model.NanLoss.Add(2);
        model.BadGradients[5] = ["embedding.weight"];
        var trainer = NewTrainer(model, new TrainOptions { Epochs = 2, OnNonFinite = NonFiniteAction.Skip });
        var results = new List<EpochResult>();
        Assert.True(trainer.Train(new Source(10), null, null, results.Add, CancellationToken.None));

        Assert.Equal(20, model.Calls);
        Assert.Equal(18, trainer.State.Step);
        Assert.Equal(2, trainer.State.SkippedSteps);
        Assert.Equal(18 * 10, trainer.State.Tokens);
        Assert.Equal(1.0, results[0].TrainLoss, 12);
        Assert.Equal("step 5: the gradient of embedding.weight is not finite", trainer.LastSkipReason);
        // 18 updates of 0.1 × 1 each: the skipped ones changed nothing.
        Assert.All(model.Store.Values.ToArray(), w => Assert.Equal(0.5 - 1.8, w, 12));
    }

    [Fact]
    public void Train_SkipNonFiniteEveryStep_StopsAfterTheLimitInARow()
    {
        var model = new ScriptedModel();
        for (int i = 4; i < 100; i++) model.NanLoss.Add(i);
        var trainer = NewTrainer(model, new TrainOptions { Epochs = 1, OnNonFinite = NonFiniteAction.Skip });
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Train(new Source(100), null, null, null, CancellationToken.None));
        Assert.Equal(5, e.Step);
        Assert.Equal(Trainer<double, Batch>.MaxConsecutiveSkips, trainer.State.SkippedSteps);
        Assert.Contains($"{Trainer<double, Batch>.MaxConsecutiveSkips} steps in a row", e.Detail);
    }

    [Fact]
    public void Train_CheckpointSteps_AsksEveryNBatchesWithinEachEpochWithTheStateAfterThem()
    {
        var model = new ScriptedModel();
        var trainer = NewTrainer(model, new TrainOptions { Epochs = 2, CheckpointSteps = 4 });
        var asked = new List<(int Epoch, int Batch, long Step)>();
        trainer.Train(new Source(10), null, null, null, () => asked.Add((trainer.State.Epoch, trainer.State.Batch, trainer.State.Step)),
            CancellationToken.None);
        // The count starts again after each epoch end (which has its own checkpoint).
        Assert.Equal([(0, 4, 4L), (0, 8, 8L), (1, 4, 14L), (1, 8, 18L)], asked);
    }

    [Fact]
    public void Train_NoCheckpointOptions_NeverAsks()
    {
        var trainer = NewTrainer(new ScriptedModel(), new TrainOptions { Epochs = 2 });
        int asked = 0;
        trainer.Train(new Source(10), null, null, null, () => asked++, CancellationToken.None);
        Assert.Equal(0, asked);
    }

    [Theory]
    [InlineData(0, "Checkpoint steps must be positive")]
    [InlineData(-3, "Checkpoint steps must be positive")]
    public void Validate_CheckpointStepsNotPositive_Throws(int steps, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainOptions { CheckpointSteps = steps }.Validate());
        Assert.Contains(expected, e.Message);
        Assert.Equal(nameof(TrainOptions.CheckpointSteps), e.ParamName);
    }
}
