using System.Numerics;
using System.Text.Json;
using Recur.Optim;

namespace Recur.Tests.Optim;

/// <summary>Builds the optimiser a fixture describes and replays its steps.</summary>
internal static class TorchOptimizers
{
    /// <summary>Every optimiser fixture written by make_optim_fixtures.py.</summary>
    public static readonly string[] Names =
    [
        "sgd_plain", "sgd_momentum_weight_decay", "sgd_nesterov", "sgd_dampening",
        "adam_default", "adam_weight_decay_amsgrad", "adamw_default", "adamw_amsgrad",
        "rmsprop_default", "rmsprop_centered_momentum",
    ];

    /// <summary>The options the fixture's torch optimiser resolved, mapped onto ours.</summary>
    public static object OptionsOf(OptimFixture fixture)
    {
        JsonElement o = fixture.Options;
        Assert.False(o.GetProperty("maximize").GetBoolean(), $"{fixture.Name}: maximize is not supported.");
        double D(string key) => o.GetProperty(key).GetDouble();
        bool B(string key) => o.GetProperty(key).GetBoolean();
        double Beta(int i) => o.GetProperty("betas")[i].GetDouble();
        return fixture.Header("optimizer").GetString() switch
        {
            "SGD" => new SgdOptions
            {
                LearningRate = D("lr"), Momentum = D("momentum"), Dampening = D("dampening"),
                WeightDecay = D("weight_decay"), Nesterov = B("nesterov"),
            },
            "Adam" => new AdamOptions
            {
                LearningRate = D("lr"), Beta1 = Beta(0), Beta2 = Beta(1), Epsilon = D("eps"),
                WeightDecay = D("weight_decay"), AmsGrad = B("amsgrad"),
            },
            "AdamW" => new AdamWOptions
            {
                LearningRate = D("lr"), Beta1 = Beta(0), Beta2 = Beta(1), Epsilon = D("eps"),
                WeightDecay = D("weight_decay"), AmsGrad = B("amsgrad"),
            },
            "RMSprop" => new RmsPropOptions
            {
                LearningRate = D("lr"), Alpha = D("alpha"), Epsilon = D("eps"), WeightDecay = D("weight_decay"),
                Momentum = D("momentum"), Centered = B("centered"),
            },
            var other => throw new InvalidDataException($"{fixture.Name}: unknown optimizer '{other}'."),
        };
    }

    /// <summary>A fresh optimiser of the fixture's kind and options.</summary>
    public static Optimizer<T> Create<T>(OptimFixture fixture, int parameterCount)
        where T : unmanaged, IFloatingPointIeee754<T> => Create<T>(OptionsOf(fixture), parameterCount);

    /// <summary>A fresh optimiser for the given options record.</summary>
    public static Optimizer<T> Create<T>(object options, int parameterCount)
        where T : unmanaged, IFloatingPointIeee754<T> => options switch
    {
        SgdOptions o => new Sgd<T>(parameterCount, o),
        AdamOptions o => new Adam<T>(parameterCount, o),
        AdamWOptions o => new AdamW<T>(parameterCount, o),
        RmsPropOptions o => new RmsProp<T>(parameterCount, o),
        _ => throw new ArgumentException($"Unknown options {options}.", nameof(options)),
    };

    /// <summary>Runs the fixture's steps and compares the values after each with torch's.</summary>
    public static void AssertMatches<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var fixture = OptimFixture.Load(name);
        T[] values = fixture.Array<T>("initial");
        T[][] gradients = fixture.Arrays<T>("gradients");
        double[][] expected = fixture.Expected<T>("steps");
        Assert.Equal(gradients.Length, expected.Length);
        var optimizer = Create<T>(fixture, values.Length);
        for (int step = 0; step < gradients.Length; step++)
        {
            optimizer.Step(values, gradients[step]);
            OptimAssert.Close<T>(values, expected[step], Tolerance.For<T>(), $"{name} {typeof(T).Name} step {step + 1}");
        }
        Assert.Equal(gradients.Length, optimizer.StepCount);
    }
}
