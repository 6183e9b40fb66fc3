using System.Numerics;
using System.Numerics.Tensors;
using Recur.Layers;
using Recur.Training;

namespace Recur.Models;

/// <summary>
/// A polyphonic music model (Boulanger-Lewandowski et al. 2012's RNN baseline, Chung et al. 2014): the multi-hot frame
/// x⟨t⟩ over K pitches goes through stacked recurrent layers, and a linear layer gives one logit per pitch of the next
/// frame, each pitch an independent Bernoulli, P(y⟨t+1⟩_k = 1) = σ(z⟨t⟩_k). Trained with the per-frame binary
/// cross-entropy summed over pitches and averaged over predicted frames, which is exactly the frame NLL of
/// <see cref="Metrics.FrameNll"/>. Parameters: <c>rnn.*</c> (PyTorch names), <c>decoder.weight</c> [K, H],
/// <c>decoder.bias</c> [K]. The final state of the last forward pass is kept, so generation continues frame by frame.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class MusicModel<T> : ITrainable<T, PianoRollBatch> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dropout<T> _outputDropout;
    private readonly SigmoidBinaryCrossEntropy<T> _loss = new() { Reduction = Reduction.Sum };
    private T[] _x = [], _y = [], _rnnOut = [], _decoderIn = [], _logits = [], _dLogits = [];
    private T[] _dDecoderIn = [], _dRnnOut = [], _batchInputs = [], _batchTargets = [];
    private T[] _h = [], _c = [], _hN = [], _cN = [];
    private bool[] _mask = [];
    private int _steps, _batch, _stateBatch;
    private bool _hasTargets;

    /// <summary>Creates the model with zeroed parameters; call <see cref="Reset"/> to initialise them.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public MusicModel(MusicModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Store = new ParameterStore<T>();
        Rnn = new Stacked<T>(Store, options.Recurrent, "rnn.");
        Decoder = new Linear<T>(Store, "decoder.", options.HiddenSize, options.PitchCount);
        _outputDropout = new Dropout<T>(options.Dropout);
    }

    /// <summary>The options the model was built with.</summary>
    public MusicModelOptions Options { get; }

    /// <summary>All parameters and their gradients.</summary>
    public ParameterStore<T> Store { get; }

    /// <summary>The recurrent stack.</summary>
    public Stacked<T> Rnn { get; }

    /// <summary>The output layer, hidden state to pitch logits.</summary>
    public Linear<T> Decoder { get; }

    /// <summary>K.</summary>
    public int PitchCount => Options.PitchCount;

    /// <summary>Logits [T·B, K] of the last forward pass: row t·B + b predicts frame t + 1 of sequence b.</summary>
    public ReadOnlySpan<T> Logits => _logits.AsSpan(0, _steps * _batch * PitchCount);

    /// <summary>Initialises every parameter as PyTorch does for each module (optionally orthogonal recurrent blocks and
    /// an LSTM forget-gate bias, see <see cref="Stacked{T}.Reset"/>).</summary>
    public void Reset(Rng rng, bool orthogonalRecurrent = false, double? forgetBias = null)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Rnn.Reset(rng, orthogonalRecurrent, forgetBias);
        Decoder.Reset(rng);
    }

    /// <summary>Sets the carried state to zeros for <paramref name="batch"/> sequences.</summary>
    public void ResetState(int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        int n = StateLength(batch);
        Grow(ref _h, n); Grow(ref _c, n); Grow(ref _hN, n); Grow(ref _cN, n);
        _h.AsSpan(0, n).Clear();
        _c.AsSpan(0, n).Clear();
        _stateBatch = batch;
    }

    /// <summary>
    /// Forward pass over a time-major batch: the logits of every step and, with targets, the mean frame NLL.
    /// </summary>
    /// <param name="steps">T.</param>
    /// <param name="batch">B.</param>
    /// <param name="inputs">[T, B, K] multi-hot input frames.</param>
    /// <param name="targets">[T, B, K] multi-hot next frames; empty for logits only.</param>
    /// <param name="lengths">[B] valid steps per sequence, or empty for all T.</param>
    /// <param name="carryState">Start from the state the last pass ended in (generation) instead of zeros.</param>
    /// <param name="dropoutRng">Dropout source in training; null for evaluation.</param>
    /// <returns>(1/N) Σ over the N valid steps of −Σ_k [y ln σ(z) + (1 − y) ln(1 − σ(z))]; zero without targets or steps.</returns>
    /// <exception cref="ArgumentException">A span is too short, a length is outside 0..T, or a target is not 0 or 1.</exception>
    public T Forward(int steps, int batch, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, ReadOnlySpan<int> lengths,
        bool carryState, Rng? dropoutRng)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        int rows = steps * batch, k = PitchCount, h = Options.HiddenSize;
        if (inputs.Length < rows * k) throw new ArgumentException($"Expected {rows * k} inputs, got {inputs.Length}.", nameof(inputs));
        if (!targets.IsEmpty && targets.Length < rows * k) throw new ArgumentException($"Expected {rows * k} targets, got {targets.Length}.", nameof(targets));
        if (!lengths.IsEmpty && lengths.Length != batch) throw new ArgumentException($"Expected {batch} lengths, got {lengths.Length}.", nameof(lengths));
        foreach (int length in lengths)
            if ((uint)length > (uint)steps) throw new ArgumentException($"Length {length} is outside 0…{steps}.", nameof(lengths));
        if (!carryState || _stateBatch != batch) ResetState(batch);
        _steps = steps;
        _batch = batch;
        var x = Grow(ref _x, rows * k);
        inputs[..(rows * k)].CopyTo(x);
        var rnnOut = Grow(ref _rnnOut, rows * h);
        var decoderIn = Grow(ref _decoderIn, rows * h);
        var logits = Grow(ref _logits, rows * k);

        // a⟨t⟩ = rnn(x⟨t⟩, a⟨t−1⟩)  [T,B,H];  z⟨t⟩ = W·drop(a⟨t⟩) + b  [T,B,K];  p⟨t⟩ = σ(z⟨t⟩)
        int n = StateLength(batch);
        Rnn.Forward(steps, batch, lengths, x, _h.AsSpan(0, n), Rnn.HasCellState ? _c.AsSpan(0, n) : default,
            rnnOut, _hN.AsSpan(0, n), Rnn.HasCellState ? _cN.AsSpan(0, n) : default, dropoutRng);
        _outputDropout.Forward(rnnOut, decoderIn, dropoutRng);
        Decoder.Forward(rows, decoderIn, logits);
        _hN.AsSpan(0, n).CopyTo(_h);
        if (Rnn.HasCellState) _cN.AsSpan(0, n).CopyTo(_c);
        _hasTargets = !targets.IsEmpty;
        if (!_hasTargets) return T.Zero;

        // L = (1/N) Σ_{t < len_b} Σ_k ℓ(z⟨t⟩_bk, y⟨t+1⟩_bk);  ∂L/∂z = (σ(z) − y)/N on valid rows, 0 on padding
        var mask = Grow(ref _mask, rows);
        int frames = 0;
        for (int t = 0; t < steps; t++)
            for (int b = 0; b < batch; b++)
            {
                bool valid = lengths.IsEmpty || t < lengths[b];
                mask[t * batch + b] = valid;
                if (valid) frames++;
            }
        var y = Grow(ref _y, rows * k);
        targets[..(rows * k)].CopyTo(y);
        var dLogits = Grow(ref _dLogits, rows * k);
        T sum = _loss.Compute(rows, k, logits, y, mask, dLogits);
        if (frames == 0) return T.Zero;
        T scale = T.One / T.CreateChecked(frames);
        TensorPrimitives.Multiply(dLogits, scale, dLogits);
        return sum * scale;
    }

    /// <summary>Forward pass over a piano-roll batch: frames 0…T−1 in, frames 1…T as targets (see the span overload).</summary>
    /// <exception cref="ArgumentException">The batch's pitch count is not the model's.</exception>
    public T Forward(PianoRollBatch batch, Rng? dropoutRng)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.PitchCount != PitchCount)
            throw new ArgumentException($"The batch has {batch.PitchCount} pitches per frame, the model {PitchCount}.", nameof(batch));
        int rows = batch.Steps * batch.Size, k = PitchCount;
        var frames = batch.FrameSpan;
        // Inputs are rows 0…T−1 of the frames, targets rows 1…T: the same buffer shifted by one step (B·K values).
        var input = Grow(ref _batchInputs, rows * k);
        var target = Grow(ref _batchTargets, rows * k);
        for (int i = 0; i < rows * k; i++)
        {
            input[i] = frames[i] != 0 ? T.One : T.Zero;
            target[i] = frames[i + batch.Size * k] != 0 ? T.One : T.Zero;
        }
        return Forward(batch.Steps, batch.Size, input, target, batch.LengthSpan, carryState: false, dropoutRng);
    }

    /// <summary>Predicted frames the mean loss counts: Σ of the lengths.</summary>
    public int CountItems(PianoRollBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return batch.PredictedFrames;
    }

    /// <summary>Backpropagates the loss of the last forward pass (which must have had targets); gradients are added.</summary>
    /// <exception cref="InvalidOperationException">No forward pass with targets came before.</exception>
    public void Backward()
    {
        if (_steps == 0 || !_hasTargets) throw new InvalidOperationException("Backward needs a forward pass with targets first.");
        int rows = _steps * _batch, k = PitchCount, h = Options.HiddenSize;
        var dDecoderIn = Grow(ref _dDecoderIn, rows * h);
        var dRnnOut = Grow(ref _dRnnOut, rows * h);
        // dW += dzᵀ·drop(a);  db += Σ dz;  da = drop'(dz·W);  then through time
        Decoder.Backward(rows, _decoderIn.AsSpan(0, rows * h), _dLogits.AsSpan(0, rows * k), dDecoderIn);
        _outputDropout.Backward(dDecoderIn, dRnnOut);
        Rnn.Backward(_x.AsSpan(0, rows * k), dRnnOut, default, default, default, default, default);
    }

    private int StateLength(int batch) => Rnn.StateLayers * batch * Options.HiddenSize;

    private static Span<TItem> Grow<TItem>(ref TItem[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new TItem[length];
        return buffer.AsSpan(0, length);
    }
}
