using Recur.Text;
using Recur.Training;

namespace Recur.Tests.Text;

public sealed class LineBatcherTests
{
    private const int Eos = Vocabulary.EosId;
    private const int Pad = TokenBatch.IgnoreTarget;

    [Fact]
    public void Next_FileOrder_ShiftsInputsAndPadsTargets()
    {
        int[][] examples = [[5, 6, 7], [8]];
        var batcher = new LineBatcher(examples, batchSize: 2);
        var batch = new TokenBatch();

        Assert.True(batcher.Next(batch));
        Assert.Equal(4, batch.Steps);
        Assert.Equal(2, batch.Size);
        Assert.False(batch.CarriesState);
        Assert.Equal([4, 2], batch.LengthSpan.ToArray());
        Assert.Equal(6, batch.TargetCount);
        // time-major [T=4, B=2]: example 0 in column 0, example 1 in column 1
        Assert.Equal([Eos, Eos, 5, 8, 6, Eos, 7, Eos], batch.InputSpan.ToArray());
        Assert.Equal([5, 8, 6, Eos, 7, Pad, Eos, Pad], batch.TargetSpan.ToArray());
        Assert.False(batcher.Next(batch));
    }

    [Fact]
    public void Next_LastBatch_IsSmaller()
    {
        int[][] examples = [[2], [3], [4, 4], [5, 5, 5], [6]];
        var batcher = new LineBatcher(examples, batchSize: 2);
        var batch = new TokenBatch();
        Assert.Equal(3, batcher.BatchCount);
        Assert.True(batcher.Next(batch));
        Assert.True(batcher.Next(batch));
        Assert.Equal(4, batch.Steps);
        Assert.True(batcher.Next(batch));
        Assert.Equal(1, batch.Size);
        Assert.Equal(2, batch.Steps);
        Assert.Equal([Eos, 6], batch.InputSpan.ToArray());
        Assert.Equal([6, Eos], batch.TargetSpan.ToArray());
        Assert.False(batcher.Next(batch));
    }

    [Fact]
    public void Next_MaxLength_CutsLongExamples()
    {
        int[][] examples = [[2, 3, 4, 5, 6], [7]];
        var batcher = new LineBatcher(examples, batchSize: 2, maxLength: 3);
        var batch = new TokenBatch();
        Assert.True(batcher.Next(batch));
        Assert.Equal(3, batch.Steps);
        Assert.Equal([3, 2], batch.LengthSpan.ToArray());
        Assert.Equal([Eos, Eos, 2, 7, 3, Eos], batch.InputSpan.ToArray());
        Assert.Equal([2, 7, 3, Eos, 4, Pad], batch.TargetSpan.ToArray());
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 7)]
    [InlineData(true, 3)]
    [InlineData(true, 8)]
    public void StartEpoch_Shuffled_CoversEveryExampleOnce(bool bucket, int batchSize)
    {
        int[][] examples = Examples(1000, new Rng(3));
        var batcher = new LineBatcher(examples, batchSize, bucket);
        var rng = new Rng(42);
        for (int epoch = 0; epoch < 2; epoch++)
        {
            batcher.StartEpoch(rng);
            var seen = Collect(batcher, examples);
            Assert.Equal(batcher.BatchCount, seen.Batches);
            Assert.Equal(Enumerable.Range(0, examples.Length), seen.Order.Order());
            Assert.NotEqual(Enumerable.Range(0, examples.Length), seen.Order);
        }
    }

    [Fact]
    public void StartEpoch_SameSeed_GivesSameOrder()
    {
        int[][] examples = Examples(300, new Rng(1));
        var one = new LineBatcher(examples, 4, bucketByLength: true);
        var two = new LineBatcher(examples, 4, bucketByLength: true);
        one.StartEpoch(new Rng(9));
        two.StartEpoch(new Rng(9));
        Assert.Equal(Collect(one, examples).Order, Collect(two, examples).Order);
        one.StartEpoch(new Rng(10));
        two.StartEpoch(new Rng(9));
        Assert.NotEqual(Collect(one, examples).Order, Collect(two, examples).Order);
    }

    [Fact]
    public void StartEpoch_Bucketing_ReducesPadding()
    {
        int[][] examples = Examples(2000, new Rng(2));
        var plain = new LineBatcher(examples, 16);
        var bucketed = new LineBatcher(examples, 16, bucketByLength: true);
        plain.StartEpoch(new Rng(4));
        bucketed.StartEpoch(new Rng(4));
        Assert.True(Collect(bucketed, examples).Padding * 4 < Collect(plain, examples).Padding);
    }

    [Fact]
    public void StartEpoch_NullRng_KeepsFileOrder()
    {
        int[][] examples = Examples(50, new Rng(6));
        var batcher = new LineBatcher(examples, 8);
        batcher.StartEpoch(new Rng(1));
        batcher.StartEpoch(null);
        Assert.Equal(Enumerable.Range(0, examples.Length), Collect(batcher, examples).Order);
    }

    [Fact]
    public void Seek_EqualsSkipping()
    {
        int[][] examples = Examples(100, new Rng(8));
        var skipped = new LineBatcher(examples, 6, bucketByLength: true);
        var sought = new LineBatcher(examples, 6, bucketByLength: true);
        skipped.StartEpoch(new Rng(5));
        sought.StartEpoch(new Rng(5));
        var scratch = new TokenBatch();
        for (int k = 0; k < 7; k++) skipped.Next(scratch);
        sought.Seek(7);
        Assert.Equal(Collect(skipped, examples).Order, Collect(sought, examples).Order);
        Assert.Throws<ArgumentOutOfRangeException>(() => sought.Seek(sought.BatchCount + 1));
    }

    [Fact]
    public void Constructor_BadArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => new LineBatcher([], 4));
        Assert.Throws<ArgumentException>(() => new LineBatcher([[1], null!], 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LineBatcher([[1]], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LineBatcher([[1]], 1, maxLength: 0));
    }

    [Fact]
    public void Next_SteadyEpochs_DoNotGrowBatch()
    {
        int[][] examples = Examples(200, new Rng(12));
        var batcher = new LineBatcher(examples, 8, bucketByLength: true);
        var batch = new TokenBatch();
        var rng = new Rng(1);
        batcher.StartEpoch(rng);
        while (batcher.Next(batch)) { }
        int[] inputs = batch.Inputs, targets = batch.Targets, lengths = batch.Lengths;
        batcher.StartEpoch(rng);
        long before = GC.GetAllocatedBytesForCurrentThread();
        while (batcher.Next(batch)) { }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.Same(inputs, batch.Inputs);
        Assert.Same(targets, batch.Targets);
        Assert.Same(lengths, batch.Lengths);
    }

    private static int[][] Examples(int count, Rng rng)
    {
        // Each example starts with its own index + 2 (ids 0 and 1 are the specials), so it can be recognised in a batch.
        var examples = new int[count][];
        for (int i = 0; i < count; i++)
        {
            examples[i] = new int[1 + rng.NextInt(40)];
            examples[i][0] = i + 2;
            for (int j = 1; j < examples[i].Length; j++) examples[i][j] = 2 + rng.NextInt(50);
        }

        return examples;
    }

    /// <summary>The example indices in batch order, checking each column against its example.</summary>
    private static (List<int> Order, int Batches, int Padding) Collect(LineBatcher batcher, int[][] examples)
    {
        var order = new List<int>();
        var batch = new TokenBatch();
        int batches = 0, padding = 0;
        while (batcher.Next(batch))
        {
            batches++;
            int size = batch.Size;
            for (int b = 0; b < size; b++)
            {
                int index = batch.Inputs[size + b] - 2;
                int[] ex = examples[index];
                Assert.Equal(Math.Min(ex.Length + 1, batcher.MaxLength), batch.Lengths[b]);
                for (int t = 0; t < batch.Steps; t++)
                {
                    bool pad = t >= batch.Lengths[b];
                    Assert.Equal(pad || t == 0 ? Eos : ex[t - 1], batch.Inputs[t * size + b]);
                    Assert.Equal(pad ? Pad : t < ex.Length ? ex[t] : Eos, batch.Targets[t * size + b]);
                    if (pad) padding++;
                }

                order.Add(index);
            }
        }

        return (order, batches, padding);
    }
}
