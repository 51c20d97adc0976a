package io.hybridsr.app.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.runtime.util.EnvironmentInformation;

/**
 * Reads the manifests under {@code k8s/} as their real types.
 *
 * <p>Why strict: the model classes keep unknown fields in {@code additionalProperties} instead of
 * failing, so a misspelt field would parse silently; {@link #assertNoUnknownFields} walks every
 * parsed object and fails on any such leftover.
 */
final class Manifests {
  static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .setAnnotationIntrospector(new StrictIntrospector());

  /**
   * Some model classes (the Flink operator's) say {@code @JsonIgnoreProperties(ignoreUnknown =
   * true)}, which would let a misspelt field pass silently; here unknown fields always fail.
   */
  private static final class StrictIntrospector extends JacksonAnnotationIntrospector {
    private static final long serialVersionUID = 1L;

    @Override
    public JsonIgnoreProperties.Value findPropertyIgnoralByName(
        MapperConfig<?> config, Annotated a) {
      return super.findPropertyIgnoralByName(config, a).withoutIgnoreUnknown();
    }
  }

  /** apiVersion/kind of every type the manifests may use, with its published model class. */
  static final Map<String, Class<?>> TYPES =
      Map.of(
          "v1/Namespace", Namespace.class,
          "v1/ConfigMap", ConfigMap.class,
          "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
          "apps/v1/Deployment", Deployment.class,
          "batch/v1/Job", Job.class,
          "kafka.strimzi.io/v1beta2/Kafka", Kafka.class,
          "kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class,
          "kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class,
          "kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class,
          "flink.apache.org/v1beta1/FlinkDeployment", FlinkDeployment.class);

  /** Prometheus Operator types: no published model in our stack, checked field by field. */
  static final Set<String> GENERIC = Set.of("monitoring.coreos.com/v1/PodMonitor");

  private Manifests() {}

  /** One YAML document of a manifest file. */
  record Doc(Path file, JsonNode node) {
    String type() {
      return node.path("apiVersion").asText() + "/" + node.path("kind").asText();
    }

    String kind() {
      return node.path("kind").asText();
    }

    String name() {
      return node.path("metadata").path("name").asText();
    }

    @Override
    public String toString() {
      return root().relativize(file) + " " + kind() + "/" + name();
    }
  }

  /** The repository root: the nearest folder up from the working directory holding k8s/. */
  static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("k8s"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("no k8s/ folder above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  static Path k8s() {
    return root().resolve("k8s");
  }

  /** Every YAML file under k8s/ (kustomizations included). */
  static List<Path> yamlFiles() {
    try (Stream<Path> s = Files.walk(k8s())) {
      return s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean isKustomization(Path f) {
    return f.getFileName().toString().equals("kustomization.yaml");
  }

  /** The documents of one file (a multi-document stream), empty ones skipped. */
  static List<Doc> read(Path file) {
    try {
      List<Doc> docs = new ArrayList<>();
      try (var parser = YAML.getFactory().createParser(file.toFile())) {
        var it = YAML.readValues(parser, JsonNode.class);
        while (it.hasNext()) {
          JsonNode n = it.next();
          if (n != null && !n.isNull() && !n.isMissingNode() && n.size() > 0) {
            docs.add(new Doc(file, n));
          }
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Every resource document under k8s/ (base resources, overlay resources and patches). */
  static List<Doc> allDocs() {
    return yamlFiles().stream()
        .filter(f -> !isKustomization(f))
        .flatMap(f -> read(f).stream())
        .toList();
  }

  /** The documents of the base (what every overlay starts from). */
  static List<Doc> baseDocs() {
    return docsUnder(k8s().resolve("base"));
  }

  static List<Doc> docsUnder(Path dir) {
    return yamlFiles().stream()
        .filter(f -> f.startsWith(dir) && !isKustomization(f))
        .flatMap(f -> read(f).stream())
        .toList();
  }

  /** Parses a document as its real type and fails on any field the type does not know. */
  static Object parse(Doc d) {
    Class<?> type = TYPES.get(d.type());
    if (type == null) {
      if (GENERIC.contains(d.type())) {
        return YAML.convertValue(d.node(), GenericKubernetesResource.class);
      }
      fail(
          d
              + ": "
              + d.type()
              + " is not a type these manifests may use (known: "
              + TYPES.keySet()
              + ", "
              + GENERIC
              + ")");
    }
    JsonNode node = d.node();
    if (type == FlinkDeployment.class) {
      node = withParseableFlinkVersion(d);
    }
    Object o;
    try {
      o = YAML.treeToValue(node, type);
    } catch (IOException e) {
      throw new AssertionError(
          d + " does not parse as " + type.getName() + ": " + e.getMessage(), e);
    }
    assertNoUnknownFields(o, d.toString());
    return o;
  }

  static <T> T parse(Doc d, Class<T> type) {
    assertEquals(type, TYPES.get(d.type()), d + " is not a " + type.getSimpleName());
    return type.cast(parse(d));
  }

  /** Every document of the given type in the given documents, parsed. */
  static <T> List<T> all(List<Doc> docs, Class<T> type) {
    return docs.stream().filter(d -> TYPES.get(d.type()) == type).map(d -> parse(d, type)).toList();
  }

  /** The single document of that type and name. */
  static <T> T one(List<Doc> docs, Class<T> type, String name) {
    List<Doc> found =
        docs.stream().filter(d -> TYPES.get(d.type()) == type && d.name().equals(name)).toList();
    assertEquals(
        1,
        found.size(),
        "exactly one " + type.getSimpleName() + " named " + name + ", found " + found);
    return parse(found.get(0), type);
  }

  /** The Flink version the manifests must declare, from the Flink on our classpath: "v2_2". */
  static String expectedFlinkVersion() {
    String[] v = EnvironmentInformation.getVersion().split("\\.");
    return "v" + v[0] + "_" + v[1];
  }

  /**
   * The operator API on Maven Central (1.10.0) predates Flink 2 in its FlinkVersion enum. The value
   * is checked against our Flink here; the rest of the resource parses as the real type.
   */
  private static JsonNode withParseableFlinkVersion(Doc d) {
    JsonNode spec = d.node().path("spec");
    if (!spec.has("flinkVersion")) {
      return d.node();
    }
    assertEquals(
        expectedFlinkVersion(),
        spec.get("flinkVersion").asText(),
        d
            + ": spec.flinkVersion must match the Flink this project builds against ("
            + EnvironmentInformation.getVersion()
            + ")");
    ObjectNode copy = d.node().deepCopy();
    ((ObjectNode) copy.get("spec")).put("flinkVersion", "v1_20");
    return copy;
  }

  /** Fails when any object in the model graph kept fields its type does not declare. */
  static void assertNoUnknownFields(Object root, String where) {
    walk(root, where, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static void walk(Object o, String path, Set<Object> seen) {
    if (o == null
        || o instanceof CharSequence
        || o instanceof Number
        || o instanceof Boolean
        || o instanceof Enum<?>
        || o.getClass().isArray() && o.getClass().getComponentType().isPrimitive()) {
      return;
    }
    if (o instanceof Object[] arr) {
      for (int i = 0; i < arr.length; i++) {
        walk(arr[i], path + "[" + i + "]", seen);
      }
      return;
    }
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> walk(v, path + "." + k, seen));
      return;
    }
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object e : c) {
        walk(e, path + "[" + i++ + "]", seen);
      }
      return;
    }
    String pkg = o.getClass().getPackageName();
    if (!(pkg.startsWith("io.fabric8.")
            || pkg.startsWith("io.strimzi.")
            || pkg.startsWith("org.apache.flink.kubernetes."))
        || !seen.add(o)) {
      return;
    }
    for (Method m : o.getClass().getMethods()) {
      if (m.getParameterCount() != 0
          || Modifier.isStatic(m.getModifiers())
          || m.getDeclaringClass() == Object.class
          || !m.getName().startsWith("get")) {
        continue;
      }
      Object v;
      try {
        v = m.invoke(o);
      } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
        continue;
      }
      if (m.getName().equals("getAdditionalProperties")) {
        if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
          fail(
              path
                  + ": unknown field(s) "
                  + extra.keySet()
                  + " for "
                  + o.getClass().getSimpleName());
        }
        continue;
      }
      String prop = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
      walk(v, path + "." + prop, seen);
    }
  }

  /**
   * The ids of the devices deployed (the --id of each device Deployment, parsed by the device
   * image's CLI).
   */
  static List<String> deviceIds() {
    List<String> ids = new ArrayList<>();
    for (Deployment d : all(baseDocs(), Deployment.class)) {
      var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
      var parsed =
          io.hybridsr.device.DeviceMain.newCommandLine()
              .parseArgs(container.getArgs().toArray(String[]::new));
      assertTrue(parsed.hasSubcommand(), d.getMetadata().getName() + ": args name no subcommand");
      var sub = parsed.subcommand();
      assertEquals(
          "device",
          sub.commandSpec().name(),
          d.getMetadata().getName() + " runs `hybridsr device`");
      ids.add(sub.matchedOptionValue("--id", (String) null));
    }
    assertTrue(ids.size() >= 1, "at least one device is deployed");
    return ids;
  }

  /** The bootstrap address of the SCRAM listener of the (single) Kafka cluster. */
  static String kafkaBootstrap() {
    List<Kafka> clusters = all(baseDocs(), Kafka.class);
    assertEquals(1, clusters.size(), "one Kafka cluster");
    Kafka k = clusters.get(0);
    var scram =
        k.getSpec().getKafka().getListeners().stream()
            .filter(
                l ->
                    l.getAuth()
                        instanceof
                        io.strimzi.api.kafka.model.kafka.listener
                            .KafkaListenerAuthenticationScramSha512)
            .toList();
    assertEquals(1, scram.size(), "one SCRAM-SHA-512 listener");
    return k.getMetadata().getName() + "-kafka-bootstrap:" + scram.get(0).getPort();
  }

  /** The Secret holding the cluster CA certificate (Strimzi's naming). */
  static String clusterCaSecret() {
    return all(baseDocs(), Kafka.class).get(0).getMetadata().getName() + "-cluster-ca-cert";
  }

  /**
   * Loads a job.properties text with the job's own loader (which refuses unknown keys and bad
   * values).
   */
  static io.hybridsr.jobs.JobConfig loadJobConfig(String properties, String where) {
    try {
      Path f = Files.createTempFile("job", ".properties");
      try {
        Files.writeString(f, properties);
        return io.hybridsr.jobs.JobConfig.load(f);
      } finally {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IllegalArgumentException e) {
      throw new AssertionError(where + ": " + e.getMessage(), e);
    }
  }

  /** The keys of a properties text, in order of appearance. */
  static Set<String> propertyKeys(String properties) {
    java.util.Properties p = new java.util.Properties();
    try {
      p.load(new java.io.StringReader(properties));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.stringPropertyNames();
  }

  /**
   * A workload's Kafka client settings: an init container writes SASL/SCRAM-SHA-512 over TLS
   * settings with the JAAS config of {@code user}'s own Secret into the file that
   * HYBRIDSR_KAFKA_PROPERTIES names, next to the cluster CA certificate.
   */
  static void assertKafkaClient(
      io.fabric8.kubernetes.api.model.PodSpec pod,
      io.fabric8.kubernetes.api.model.Container main,
      String user,
      String where) {
    assertTrue(
        all(baseDocs(), KafkaUser.class).stream()
            .anyMatch(u -> u.getMetadata().getName().equals(user)),
        where + ": no KafkaUser " + user);
    var init =
        pod.getInitContainers().stream()
            .filter(c -> c.getName().equals("kafka-client-config"))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError(where + ": no kafka-client-config init container"));
    var secretRefs =
        init.getEnv().stream()
            .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
            .map(e -> e.getValueFrom().getSecretKeyRef())
            .toList();
    assertEquals(1, secretRefs.size(), where + ": one secret reference");
    assertEquals(user, secretRefs.get(0).getName(), where + ": reads its own KafkaUser's Secret");
    assertEquals("sasl.jaas.config", secretRefs.get(0).getKey(), where);
    String script = String.join(" ", init.getCommand());
    String propsFile =
        main.getEnv().stream()
            .filter(e -> e.getName().equals("HYBRIDSR_KAFKA_PROPERTIES"))
            .map(io.fabric8.kubernetes.api.model.EnvVar::getValue)
            .findFirst()
            .orElseThrow(() -> new AssertionError(where + ": no HYBRIDSR_KAFKA_PROPERTIES"));
    for (String needed :
        List.of(
            "security.protocol=SASL_SSL",
            "sasl.mechanism=SCRAM-SHA-512",
            "ssl.truststore.type=PEM",
            "sasl.jaas.config=$" + secretEnvName(init),
            "> " + propsFile)) {
      assertTrue(script.contains(needed), where + ": client settings lack '" + needed + "'");
    }
    java.util.regex.Matcher ca =
        java.util.regex.Pattern.compile("ssl.truststore.location=(\\S+?)'").matcher(script);
    assertTrue(ca.find(), where + ": truststore location");
    String caFile = ca.group(1);
    assertMountedFrom(
        pod,
        main,
        caFile,
        v -> v.getSecret() != null && v.getSecret().getSecretName().equals(clusterCaSecret()),
        where + ": CA certificate " + caFile);
    assertMountedFrom(pod, main, propsFile, v -> v.getEmptyDir() != null, where + ": " + propsFile);
    String dir = propsFile.substring(0, propsFile.lastIndexOf('/'));
    assertTrue(
        init.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals(dir)),
        where + ": the init container writes into " + dir);
  }

  private static String secretEnvName(io.fabric8.kubernetes.api.model.Container init) {
    return init.getEnv().stream()
        .filter(e -> e.getValueFrom() != null)
        .findFirst()
        .orElseThrow()
        .getName();
  }

  /** {@code file} lies under a mount of {@code main} whose volume satisfies {@code volume}. */
  static void assertMountedFrom(
      io.fabric8.kubernetes.api.model.PodSpec pod,
      io.fabric8.kubernetes.api.model.Container main,
      String file,
      java.util.function.Predicate<io.fabric8.kubernetes.api.model.Volume> volume,
      String what) {
    boolean ok =
        main.getVolumeMounts().stream()
            .filter(m -> file.startsWith(m.getMountPath() + "/"))
            .anyMatch(
                m ->
                    pod.getVolumes().stream()
                        .anyMatch(v -> v.getName().equals(m.getName()) && volume.test(v)));
    assertTrue(ok, what + " is not on a suitable mounted volume");
  }

  /** Text of a file under the repository root. */
  static String text(String relative) {
    try {
      return Files.readString(root().resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void assertContains(Collection<?> c, Object o, String message) {
    assertTrue(c.contains(o), message + ": " + o + " not in " + c);
  }
}
