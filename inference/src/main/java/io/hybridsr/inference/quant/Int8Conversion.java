package io.hybridsr.inference.quant;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.hybridsr.core.image.ImageTensor;
import java.util.List;
import java.util.Map;

/**
 * A float32 Real-ESRGAN graph to its int8 QDQ graph: prepared ({@link QdqQuantizer#prepare}),
 * calibrated on {@link PhotoCrops#CALIBRATION} ({@link RangeCalibrator}) and quantised ({@link
 * QdqQuantizer#quantize}).
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
    ModelProto prepared = QdqQuantizer.prepare(fp32);
    Map<String, ActivationRange> ranges = RangeCalibrator.calibrate(prepared, inputs, threads);
    return QdqQuantizer.quantize(prepared, ranges);
  }
}
