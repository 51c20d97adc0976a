package io.hybridsr.inference.quant;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.hybridsr.core.image.ImageTensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A float32 Real-ESRGAN graph to its int8 QDQ graph, all measured on {@link
 * PhotoCrops#CALIBRATION}: prepared ({@link QdqQuantizer#prepare}), its channel ranges equalised
 * across layers ({@link ChannelEqualizer}, alpha 0.75), its activation ranges calibrated ({@link
 * RangeCalibrator}; the input and output pinned to [0, 1]), each Conv's input moments measured
 * ({@link ConvHessians}) and quantised with GPTQ weight rounding ({@link QdqQuantizer#quantize},
 * {@link GptqRounding}), its running sums left in float ({@code QdqQuantizer.floatSums}).
 *
 * <pre>{@code
 * ModelProto int8 = Int8Conversion.convert(NcnnToOnnxConverter.convert(param, bin).model(), 2);
 * }</pre>
 */
public final class Int8Conversion {
  private Int8Conversion() {}

  /** The int8 graph of {@code fp32}, calibrated on the project's calibration crops. */
  public static ModelProto convert(ModelProto fp32, int threads) {
    return convert(fp32, PhotoCrops.calibrationInputs(), threads);
  }

  /** The int8 graph of {@code fp32}, calibrated on {@code inputs}. */
  public static ModelProto convert(ModelProto fp32, List<ImageTensor> inputs, int threads) {
    return convert(fp32, inputs, threads, true, DAMP, ALPHA, FLOOR, true);
  }

  private static final ActivationRange IMAGE = new ActivationRange(0f, 1f);

  /** Damping of the Hessian's diagonal for GPTQ, relative to its mean. */
  static final double DAMP = 0.01;

  /** Cross-layer equalisation's exponent ({@link ChannelEqualizer}); 0 leaves the ranges. */
  static final double ALPHA = 0.75;

  /** The smallest relative channel range equalisation scales up from. */
  static final double FLOOR = 0.05;

  /** The float graph that is quantised: prepared, and equalised when {@code alpha > 0}. */
  static ModelProto prepare(
      ModelProto fp32, List<ImageTensor> inputs, int threads, double alpha, double floor) {
    ModelProto prepared = QdqQuantizer.prepare(fp32);
    return alpha > 0
        ? ChannelEqualizer.equalize(prepared, inputs, threads, alpha, floor)
        : prepared;
  }

  static ModelProto convert(
      ModelProto fp32,
      List<ImageTensor> inputs,
      int threads,
      boolean gptq,
      double damp,
      double alpha,
      double floor,
      boolean floatAdds) {
    ModelProto prepared = prepare(fp32, inputs, threads, alpha, floor);
    Map<String, ActivationRange> ranges =
        new HashMap<>(RangeCalibrator.calibrate(prepared, inputs, threads));
    // the input and the output are images in [0, 1]: at scale 1/255 and zero point 0 an 8-bit
    // picture's levels are exact, and the output's quantisation is the translator's own clamp
    // and rounding to 8 bits rather than a second, coarser rounding before it
    ranges.put(prepared.getGraph().getInput(0).getName(), IMAGE);
    ranges.put(prepared.getGraph().getOutput(0).getName(), IMAGE);
    Map<String, ConvHessians.Moments> moments =
        gptq ? ConvHessians.measure(prepared, inputs, threads) : Map.of();
    return QdqQuantizer.quantize(prepared, ranges, moments, damp, floatAdds);
  }
}
