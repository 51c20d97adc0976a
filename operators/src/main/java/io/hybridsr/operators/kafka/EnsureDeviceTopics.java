package io.hybridsr.operators.kafka;

import io.hybridsr.kafka.TopicAdmin;
import io.hybridsr.kafka.records.PatchRecord;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Creates {@code hybridsr.device.<deviceId>} through the AdminClient the first time a patch for
 * that device passes, so the sink never writes to a topic that does not exist (brokers here do not
 * auto-create topics). After the first patch per device this is a set lookup.
 */
public final class EnsureDeviceTopics extends RichMapFunction<PatchRecord, PatchRecord> {
  private static final long serialVersionUID = 1L;

  private final String bootstrapServers;
  private final Map<String, String> kafkaProperties;
  private transient TopicAdmin admin;

  public EnsureDeviceTopics(String bootstrapServers, Map<String, String> kafkaProperties) {
    this.bootstrapServers = bootstrapServers;
    this.kafkaProperties = new HashMap<>(kafkaProperties);
  }

  @Override
  public void open(OpenContext ctx) {
    admin = TopicAdmin.forBootstrap(bootstrapServers, new HashMap<>(kafkaProperties));
  }

  @Override
  public PatchRecord map(PatchRecord p) {
    admin.ensureDeviceTopic(p.deviceId());
    return p;
  }

  @Override
  public void close() {
    if (admin != null) {
      admin.close();
    }
  }
}
