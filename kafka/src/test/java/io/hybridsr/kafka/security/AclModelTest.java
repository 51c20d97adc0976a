package io.hybridsr.kafka.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.kafka.Topics;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** The model's table, as docs/security.md states it (the broker test checks it is enforced). */
class AclModelTest {
  @Test
  void shouldGrantADeviceItsOwnTopicsAndGroupAndNothingElse() {
    List<AclBinding> acls = AclModel.deviceAcls("jetson-01");
    assertEquals(
        Set.of(
            "TOPIC:LITERAL:hybridsr.device.jetson-01:READ",
            "TOPIC:LITERAL:hybridsr.device.jetson-01:DESCRIBE",
            "GROUP:LITERAL:hybridsr-device-jetson-01:READ",
            "TOPIC:LITERAL:hybridsr.outcomes.jetson-01:WRITE",
            "TOPIC:LITERAL:hybridsr.outcomes.jetson-01:DESCRIBE"),
        rows(acls));
    assertAllFor("User:device-jetson-01", acls);
  }

  @Test
  void shouldGrantTheLoadGeneratorOnlyWritesToTasks() {
    assertEquals(
        Set.of("TOPIC:LITERAL:hybridsr.tasks:WRITE", "TOPIC:LITERAL:hybridsr.tasks:DESCRIBE"),
        rows(AclModel.loadGeneratorAcls()));
    assertAllFor("User:hybridsr-loadgen", AclModel.loadGeneratorAcls());
  }

  @Test
  void shouldGrantTheJobReadOnTasksAndWritesOnItsOutputsButNoClusterRights() {
    List<AclBinding> acls = AclModel.jobAcls();
    assertAllFor("User:hybridsr-job", acls);
    Set<String> rows = rows(acls);
    assertTrue(
        rows.containsAll(
            Set.of(
                "TOPIC:LITERAL:hybridsr.tasks:READ",
                "TOPIC:LITERAL:hybridsr.tasks.dlq:WRITE",
                "TOPIC:LITERAL:hybridsr.results:WRITE",
                "TOPIC:PREFIXED:hybridsr.device.:WRITE",
                "TOPIC:PREFIXED:hybridsr.device.:CREATE",
                "TOPIC:PREFIXED:hybridsr.outcomes.:READ",
                "TOPIC:PREFIXED:hybridsr.outcomes.:CREATE",
                "GROUP:PREFIXED:hybridsr-job:READ")),
        rows.toString());
    // It relays device outcomes; it cannot write one in a device's name.
    assertTrue(!rows.contains("TOPIC:PREFIXED:hybridsr.outcomes.:WRITE"), rows.toString());
    assertTrue(
        acls.stream().noneMatch(b -> b.pattern().resourceType() == ResourceType.CLUSTER),
        rows.toString());
    // The job never reads patches back, nor writes its own input.
    assertTrue(
        !rows.contains("TOPIC:PREFIXED:hybridsr.device.:READ")
            && !rows.contains("TOPIC:LITERAL:hybridsr.tasks:WRITE"));
    assertTrue(acls.stream().allMatch(b -> b.pattern().name().startsWith("hybridsr")));
    assertEquals(Topics.DEVICE_PREFIX, "hybridsr.device.");
  }

  private static Set<String> rows(List<AclBinding> acls) {
    return acls.stream()
        .map(
            b ->
                b.pattern().resourceType()
                    + ":"
                    + b.pattern().patternType()
                    + ":"
                    + b.pattern().name()
                    + ":"
                    + b.entry().operation())
        .collect(Collectors.toSet());
  }

  private static void assertAllFor(String principal, List<AclBinding> acls) {
    for (AclBinding b : acls) {
      assertEquals(principal, b.entry().principal());
      assertEquals(AclPermissionType.ALLOW, b.entry().permissionType());
      assertEquals("*", b.entry().host());
      assertTrue(
          b.entry().operation() != AclOperation.ALL
              && b.pattern().patternType() != PatternType.MATCH);
    }
  }
}
