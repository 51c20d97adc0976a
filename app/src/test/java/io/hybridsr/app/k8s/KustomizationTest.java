package io.hybridsr.app.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridsr.app.k8s.Manifests.Doc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The kustomizations are whole: every file they name exists, every manifest file is used, and every
 * patch targets something the overlay has.
 */
class KustomizationTest {

  @Test
  void baseAndBothOverlaysExist() {
    for (String k : List.of("base", "overlays/dev", "overlays/production")) {
      assertTrue(Files.isRegularFile(Manifests.k8s().resolve(k).resolve("kustomization.yaml")), k);
    }
  }

  @Test
  void everyNamedFileExistsAndEveryManifestIsUsed() {
    Set<Path> used = new HashSet<>();
    for (Path k : kustomizations()) {
      Path dir = k.getParent();
      JsonNode kz = Manifests.read(k).get(0).node();
      for (JsonNode r : kz.path("resources")) {
        Path p = dir.resolve(r.asText()).normalize();
        assertTrue(Files.exists(p), k + ": resource " + r.asText() + " does not exist");
        if (Files.isDirectory(p)) {
          assertTrue(
              Files.isRegularFile(p.resolve("kustomization.yaml")),
              k + ": " + p + " has no kustomization.yaml");
        }
        used.add(p);
      }
      for (JsonNode patch : kz.path("patches")) {
        if (patch.has("path")) {
          Path p = dir.resolve(patch.get("path").asText()).normalize();
          assertTrue(Files.isRegularFile(p), k + ": patch " + p + " does not exist");
          used.add(p);
        } else {
          assertTrue(
              patch.has("patch") && patch.has("target"),
              k + ": an inline patch needs patch and target");
        }
      }
      for (JsonNode gen : kz.path("configMapGenerator")) {
        for (JsonNode f : gen.path("files")) {
          Path p = dir.resolve(f.asText()).normalize();
          assertTrue(Files.isRegularFile(p), k + ": generator file " + p + " does not exist");
          used.add(p);
        }
      }
    }
    for (Path f : Manifests.yamlFiles()) {
      if (!Manifests.isKustomization(f)) {
        assertTrue(used.contains(f.normalize()), f + " is not used by any kustomization");
      }
    }
  }

  @Test
  void everyPatchTargetsAnExistingResource() {
    for (String overlay : List.of("dev", "production")) {
      Path dir = Manifests.k8s().resolve("overlays").resolve(overlay);
      List<Doc> available = new ArrayList<>(Manifests.baseDocs());
      JsonNode kz = Manifests.read(dir.resolve("kustomization.yaml")).get(0).node();
      for (JsonNode r : kz.path("resources")) {
        Path p = dir.resolve(r.asText()).normalize();
        if (Files.isRegularFile(p)) {
          available.addAll(Manifests.read(p));
        }
      }
      for (JsonNode patch : kz.path("patches")) {
        if (patch.has("path")) {
          for (Doc d : Manifests.read(dir.resolve(patch.get("path").asText()))) {
            Manifests.parse(d);
            assertTrue(
                available.stream()
                    .anyMatch(a -> a.type().equals(d.type()) && a.name().equals(d.name())),
                overlay + ": patch " + d + " matches no resource");
          }
        } else {
          JsonNode t = patch.get("target");
          long matches =
              available.stream()
                  .filter(a -> !t.has("kind") || a.kind().equals(t.get("kind").asText()))
                  .filter(a -> !t.has("name") || a.name().equals(t.get("name").asText()))
                  .filter(
                      a -> !t.has("labelSelector") || hasLabel(a, t.get("labelSelector").asText()))
                  .count();
          assertTrue(matches > 0, overlay + ": inline patch target " + t + " matches no resource");
          List<JsonNode> ops = readOps(patch.get("patch").asText());
          for (JsonNode op : ops) {
            assertTrue(
                Set.of("add", "remove", "replace").contains(op.path("op").asText()),
                overlay + ": op " + op);
            assertTrue(op.path("path").asText().startsWith("/spec/"), overlay + ": path " + op);
          }
        }
      }
    }
  }

  private static boolean hasLabel(Doc d, String selector) {
    String[] kv = selector.split("=", 2);
    JsonNode labels = d.node().path("metadata").path("labels");
    return labels.has(kv[0]) && labels.get(kv[0]).asText().equals(kv[1]);
  }

  private static List<JsonNode> readOps(String yaml) {
    try {
      JsonNode n = Manifests.YAML.readTree(yaml);
      assertTrue(n.isArray(), "a JSON6902 patch is a list of operations: " + yaml);
      List<JsonNode> ops = new ArrayList<>();
      n.forEach(ops::add);
      return ops;
    } catch (java.io.IOException e) {
      return fail("inline patch is not YAML: " + e.getMessage());
    }
  }

  private static List<Path> kustomizations() {
    List<Path> k = Manifests.yamlFiles().stream().filter(Manifests::isKustomization).toList();
    assertEquals(3, k.size(), "base, dev and production: " + k);
    return k;
  }
}
