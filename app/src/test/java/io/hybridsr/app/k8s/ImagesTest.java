package io.hybridsr.app.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridsr.app.k8s.Manifests.Doc;
import io.hybridsr.jobs.FlinkJobMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The container images: names the manifests use are the ones the Dockerfiles build, the job jar
 * they copy is the one the flink-jar profile makes, and the classes they run exist.
 */
class ImagesTest {
  private static final Pattern IMAGE_LINE = Pattern.compile("(?m)^# image: (\\S+)$");

  /** The image a Dockerfile under k8s/images/NAME/ builds, from its "# image:" line. */
  static String imageOf(String name) {
    Matcher m = IMAGE_LINE.matcher(Manifests.text("k8s/images/" + name + "/Dockerfile"));
    assertTrue(m.find(), "k8s/images/" + name + "/Dockerfile names its image in a '# image:' line");
    return m.group(1);
  }

  @Test
  void everyProjectImageIsBuiltByADockerfileAtTheProjectVersion() {
    Map<String, String> built =
        new TreeMap<>(Map.of(imageOf("job"), "job", imageOf("device"), "device"));
    String prefix = imageOf("job").substring(0, imageOf("job").lastIndexOf('/') + 1);
    List<String> used = new ArrayList<>();
    for (Doc d : Manifests.allDocs()) {
      collectImages(d.node(), used);
    }
    assertTrue(used.size() >= 5, "images found: " + used);
    for (String image : used) {
      int colon = image.lastIndexOf(':');
      assertTrue(colon > image.lastIndexOf('/'), image + " has an explicit tag");
      assertFalse(image.endsWith(":latest"), image + " is pinned");
      if (image.startsWith(prefix)) {
        assertTrue(
            built.containsKey(image.substring(0, colon)), image + " is built by one of " + built);
        assertEquals(
            projectVersion(),
            image.substring(colon + 1),
            image + " is tagged with the project version");
      }
    }
    assertTrue(
        used.stream().anyMatch(i -> i.startsWith(imageOf("job") + ":")), "the job image is used");
    assertTrue(
        used.stream().anyMatch(i -> i.startsWith(imageOf("device") + ":")),
        "the device image is used");
  }

  @Test
  void jobImageIsFlinkWithTheFlinkJarAndOnnxRuntimeGpu() throws Exception {
    String dockerfile = Manifests.text("k8s/images/job/Dockerfile");
    assertTrue(
        dockerfile.contains("FROM flink:" + EnvironmentInformation.getVersion() + "-java17"),
        "the Flink base image is the Flink this project builds against");
    assertTrue(dockerfile.contains("-Pflink-jar"), "builds with the flink-jar profile");
    assertTrue(
        dockerfile.contains("cp jobs/target/hybridsr-jobs-*-flink.jar /out/usrlib/"),
        "copies the flink jar");
    assertTrue(
        dockerfile.contains("COPY --from=build /out/usrlib/ /opt/flink/usrlib/"), "into usrlib");
    Matcher ort = Pattern.compile("ARG ONNXRUNTIME_VERSION=(\\S+)").matcher(dockerfile);
    assertTrue(ort.find());
    assertEquals(
        rootPomProperty("onnxruntime.version"),
        ort.group(1),
        "ONNX Runtime GPU at the project's version");
    assertTrue(
        dockerfile.contains("com.microsoft.onnxruntime:onnxruntime_gpu:${ONNXRUNTIME_VERSION}"));
    assertFalse(dockerfile.contains("io.hybridsr.app."), "the job image runs no CLI");

    FlinkDeployment flink = Manifests.one(Manifests.baseDocs(), FlinkDeployment.class, "hybridsr");
    String jar = "hybridsr-jobs-" + projectVersion() + "-" + flinkJarClassifier() + ".jar";
    assertEquals("local:///opt/flink/usrlib/" + jar, flink.getSpec().getJob().getJarURI());
    assertTrue(flink.getSpec().getImage().startsWith(imageOf("job") + ":"));
  }

  @Test
  void flinkJarProfileMakesARunnableJar() throws Exception {
    Element shade = flinkJarShadeConfiguration();
    assertEquals(
        FlinkJobMain.class.getName(),
        shade.getElementsByTagName("mainClass").item(0).getTextContent().trim());
    List<String> excluded = new ArrayList<>();
    NodeList ex =
        ((Element) shade.getElementsByTagName("artifactSet").item(0))
            .getElementsByTagName("exclude");
    for (int i = 0; i < ex.getLength(); i++) {
      excluded.add(ex.item(i).getTextContent().trim());
    }
    assertTrue(
        excluded.contains("org.apache.flink:flink-streaming-java")
            && excluded.contains("org.apache.flink:flink-runtime"),
        "Flink itself is left to the cluster: " + excluded);
    assertFalse(
        excluded.stream().anyMatch(e -> e.contains("connector")),
        "the Kafka connector is not in Flink's lib/");

    // When the profile has been built here, look inside the jar too.
    Path jar =
        Manifests.root()
            .resolve(
                "jobs/target/hybridsr-jobs-"
                    + projectVersion()
                    + "-"
                    + flinkJarClassifier()
                    + ".jar");
    Assumptions.assumeTrue(
        Files.isRegularFile(jar), "flink jar not built (mvn -pl jobs -am package)");
    try (ZipFile z = new ZipFile(jar.toFile())) {
      assertNotNull(z.getEntry(FlinkJobMain.class.getName().replace('.', '/') + ".class"));
      assertNotNull(z.getEntry("org/apache/flink/connector/kafka/source/KafkaSource.class"));
      assertEquals(
          null,
          z.getEntry("org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class"),
          "Flink's own classes stay out of the job jar");
      assertEquals(
          null,
          z.getEntry("ai/onnxruntime/OrtEnvironment.class"),
          "ONNX Runtime comes from the image's lib/");
    }
  }

  @Test
  void deviceImageIsJdk17ForArm64RunningTheDeviceJar() {
    String dockerfile = Manifests.text("k8s/images/device/Dockerfile");
    assertTrue(
        dockerfile.contains("-Pdevice-jar -pl device-consumer -am package"),
        "built from device-consumer alone");
    assertTrue(dockerfile.contains("io.hybridsr.device.DeviceMain"), "runs the device entry point");
    assertTrue(
        Pattern.compile("(?m)^FROM eclipse-temurin:17-").matcher(dockerfile).find(),
        "JDK 17 runtime");
    assertTrue(dockerfile.contains("--platform linux/arm64"), "built for arm64 (Jetson)");
    assertTrue(dockerfile.contains("npm"), "npm for models fetch");
  }

  @Test
  void classesTheImagesRunExist() throws Exception {
    Pattern cls = Pattern.compile("io\\.hybridsr\\.[a-z.]+\\.[A-Z]\\w+");
    int found = 0;
    for (String name : List.of("job", "device")) {
      Matcher m = cls.matcher(Manifests.text("k8s/images/" + name + "/Dockerfile"));
      while (m.find()) {
        Class<?> c = Class.forName(m.group());
        c.getMethod("main", String[].class);
        found++;
      }
    }
    assertTrue(found >= 1, "the device image names its main class");
  }

  private static void collectImages(JsonNode n, List<String> out) {
    if (n.isObject()) {
      n.properties()
          .forEach(
              e -> {
                if (e.getKey().equals("image") && e.getValue().isTextual()) {
                  out.add(e.getValue().asText());
                } else {
                  collectImages(e.getValue(), out);
                }
              });
    } else if (n.isArray()) {
      n.forEach(c -> collectImages(c, out));
    }
  }

  static String projectVersion() {
    Element parent =
        (Element) pom("jobs/pom.xml").getDocumentElement().getElementsByTagName("parent").item(0);
    return parent.getElementsByTagName("version").item(0).getTextContent().trim();
  }

  private static String rootPomProperty(String name) {
    return pom("pom.xml").getElementsByTagName(name).item(0).getTextContent().trim();
  }

  private static String flinkJarClassifier() {
    return flinkJarShadeConfiguration()
        .getElementsByTagName("shadedClassifierName")
        .item(0)
        .getTextContent()
        .trim();
  }

  private static Element flinkJarShadeConfiguration() {
    NodeList executions = pom("jobs/pom.xml").getElementsByTagName("execution");
    for (int i = 0; i < executions.getLength(); i++) {
      Element e = (Element) executions.item(i);
      if (e.getElementsByTagName("id").item(0).getTextContent().trim().equals("flink-jar")) {
        return (Element) e.getElementsByTagName("configuration").item(0);
      }
    }
    throw new AssertionError("jobs/pom.xml has no flink-jar shade execution");
  }

  private static Document pom(String relative) {
    try {
      return DocumentBuilderFactory.newInstance()
          .newDocumentBuilder()
          .parse(Manifests.root().resolve(relative).toFile());
    } catch (Exception e) {
      throw new AssertionError(relative + ": " + e.getMessage(), e);
    }
  }
}
