using System.Numerics;
using Recur.Layers;
using Recur.Optim;

namespace Recur.Tests.Optim;

/// <summary>Behaviour shared by every optimiser: state round trips, allocation, vector path, argument checks.</summary>
public sealed class OptimizerTests
{
    public static TheoryData<string> Fixtures => new(TorchOptimizers.Names);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void RestoreState_FreshOptimizerDouble_ContinuesLikeUninterrupted(string name) => AssertRoundTrip<double>(name);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void RestoreState_FreshOptimizerFloat_ContinuesLikeUninterrupted(string name) => AssertRoundTrip<float>(name);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Step_SteadyState_AllocatesNothing(string name)
    {
        var fixture = OptimFixture.Load(name);
        float[] values = fixture.Array<float>("initial");
        float[][] gradients = fixture.Arrays<float>("gradients");
        var optimizer = TorchOptimizers.Create<float>(fixture, values.Length);
        optimizer.Step(values, gradients[0]);
        optimizer.Step(values, gradients[1]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 2; i < gradients.Length; i++) optimizer.Step(values, gradients[i]);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Step_VectorPathDouble_EqualsScalarPath(string name) => AssertVectorEqualsScalar<double>(name);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Step_VectorPathFloat_EqualsScalarPath(string name) => AssertVectorEqualsScalar<float>(name);

    [Fact]
    public void Step_ParameterStore_SameAsSpans()
    {
        var store = new ParameterStore<double>();
        var w = store.Add("w", 3, 4);
        var b = store.Add("b", 4);
        var rng = new Random(7);
        foreach (ref double v in store.Values) v = rng.NextDouble() - 0.5;
        foreach (ref double g in store.Gradients) g = rng.NextDouble() - 0.5;
        double[] values = store.Values.ToArray(), gradients = store.Gradients.ToArray();

        var viaStore = new Adam<double>(store.Count);
        var viaSpans = new Adam<double>(store.Count);
        viaStore.Step(store);
        viaSpans.Step(values, gradients);

        OptimAssert.Identical<double>(store.Values, values, "values");
        Assert.Equal(w.Length + b.Length, viaStore.ParameterCount);
    }

    [Fact]
    public void LearningRate_ChangedBetweenSteps_UsedByNextStep()
    {
        var sgd = new Sgd<double>(1, new SgdOptions { LearningRate = 1 });
        double[] p = [0];
        sgd.Step(p, [1]);
        sgd.LearningRate = 0.25;
        sgd.Step(p, [1]);
        Assert.Equal(-1.25, p[0]);
        Assert.Equal(2, sgd.StepCount);
    }

    [Theory]
    [InlineData(-1e-3)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void LearningRate_Invalid_Throws(double lr)
    {
        var adam = new Adam<float>(3);
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.LearningRate = lr);
        Assert.Equal(1e-3, adam.LearningRate);
    }

    [Fact]
    public void Constructor_NegativeParameterCount_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp<float>(-1));

    [Fact]
    public void Step_WrongLengths_Throws()
    {
        var adam = new Adam<double>(4);
        Assert.Throws<ArgumentException>(() => adam.Step(new double[3], new double[4]));
        Assert.Throws<ArgumentException>(() => adam.Step(new double[4], new double[5]));
        Assert.Equal(0, adam.StepCount);
    }

    [Fact]
    public void Step_OverlappingSpans_Throws()
    {
        var sgd = new Sgd<double>(4);
        double[] buffer = new double[6];
        Assert.Throws<ArgumentException>(() => sgd.Step(buffer.AsSpan(0, 4), buffer.AsSpan(2, 4)));
    }

    [Fact]
    public void Step_NullStore_Throws() =>
        Assert.Throws<ArgumentNullException>(() => new Sgd<float>(1).Step(null!));

    [Fact]
    public void RestoreState_BadBuffers_ThrowsAndLeavesStateAlone()
    {
        var adam = new Adam<double>(2);
        adam.Step([1, 2], [0.5, -0.5]);
        double[] m = [1, 1], v = [2, 2];
        Assert.Throws<ArgumentException>(() => adam.RestoreState(3, [("exp_avg", m)]));
        Assert.Throws<ArgumentException>(() => adam.RestoreState(3, [("exp_avg", m), ("nope", v)]));
        Assert.Throws<ArgumentException>(() => adam.RestoreState(3, [("exp_avg", m), ("exp_avg", v)]));
        Assert.Throws<ArgumentException>(() => adam.RestoreState(3, [("exp_avg", m), ("exp_avg_sq", new double[3])]));
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.RestoreState(-1, [("exp_avg", m), ("exp_avg_sq", v)]));
        Assert.Equal(1, adam.StepCount);
        Assert.NotEqual(m, adam.StateBuffers[0].Buffer);

        adam.RestoreState(3, [("exp_avg_sq", v), ("exp_avg", m)]);
        Assert.Equal(3, adam.StepCount);
        Assert.Equal(m, adam.StateBuffers[0].Buffer);
        Assert.Equal(v, adam.StateBuffers[1].Buffer);
    }

    /// <summary>Two steps, save, restore into a fresh optimiser, three more: bit-identical to five uninterrupted.</summary>
    private static void AssertRoundTrip<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var fixture = OptimFixture.Load(name);
        T[] initial = fixture.Array<T>("initial");
        T[][] gradients = fixture.Arrays<T>("gradients");
        const int SaveAfter = 2;

        T[] uninterrupted = (T[])initial.Clone();
        var a = TorchOptimizers.Create<T>(fixture, initial.Length);
        foreach (T[] g in gradients) a.Step(uninterrupted, g);

        T[] resumed = (T[])initial.Clone();
        var b = TorchOptimizers.Create<T>(fixture, initial.Length);
        for (int i = 0; i < SaveAfter; i++) b.Step(resumed, gradients[i]);
        long savedStep = b.StepCount;
        var saved = b.StateBuffers.Select(s => (s.Name, (T[])s.Buffer.Clone())).ToList();

        var fresh = TorchOptimizers.Create<T>(fixture, initial.Length);
        fresh.RestoreState(savedStep, saved);
        for (int i = SaveAfter; i < gradients.Length; i++) fresh.Step(resumed, gradients[i]);

        Assert.Equal(a.StepCount, fresh.StepCount);
        OptimAssert.Identical<T>(resumed, uninterrupted, $"{name} {typeof(T).Name} values");
        for (int s = 0; s < a.StateBuffers.Count; s++)
            OptimAssert.Identical<T>(fresh.StateBuffers[s].Buffer, a.StateBuffers[s].Buffer, $"{name} {a.StateBuffers[s].Name}");
    }

    /// <summary>
    /// Every length from 0 to 3 vector widths + 1, at unaligned offsets: three steps with the vector path
    /// give the same bits as three with the scalar path.
    /// </summary>
    private static void AssertVectorEqualsScalar<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        object options = TorchOptimizers.OptionsOf(OptimFixture.Load(name));
        int width = Vector<T>.Count;
        var rng = new Random(12345);
        for (int length = 0; length <= 3 * width + 1; length++)
        {
            for (int offset = 0; offset < 3; offset++)
            {
                T[] initial = RandomArray<T>(rng, offset + length);
                T[][] gradients = [RandomArray<T>(rng, offset + length), RandomArray<T>(rng, offset + length), RandomArray<T>(rng, offset + length)];
                T[] vectorValues = (T[])initial.Clone(), scalarValues = (T[])initial.Clone();
                var vector = TorchOptimizers.Create<T>(options, length);
                var scalar = TorchOptimizers.Create<T>(options, length);
                scalar.ScalarOnly = true;
                foreach (T[] g in gradients)
                {
                    vector.Step(vectorValues.AsSpan(offset, length), g.AsSpan(offset, length));
                    scalar.Step(scalarValues.AsSpan(offset, length), g.AsSpan(offset, length));
                }
                string what = $"{name} {typeof(T).Name} length {length} offset {offset}";
                OptimAssert.Identical<T>(vectorValues, scalarValues, what);
                for (int s = 0; s < vector.StateBuffers.Count; s++)
                    OptimAssert.Identical<T>(vector.StateBuffers[s].Buffer, scalar.StateBuffers[s].Buffer, $"{what} {vector.StateBuffers[s].Name}");
            }
        }
    }

    private static T[] RandomArray<T>(Random rng, int length) where T : IFloatingPointIeee754<T>
    {
        var a = new T[length];
        for (int i = 0; i < length; i++) a[i] = T.CreateChecked(rng.NextDouble() * 2 - 1);
        return a;
    }
}
