package io.hybridsr.kafka.security;

import io.hybridsr.kafka.KafkaSetupException;
import io.hybridsr.kafka.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on hybridsr's topics, in one place, applied by the superuser through the
 * AdminClient.
 *
 * <p>Why: the broker denies everything not granted here ({@code
 * allow.everyone.if.no.acl.found=false}), so a device's user can read its own patch topic and
 * nothing else; the table is in docs/security.md and mirrored by the Strimzi {@code KafkaUser}
 * resources.
 *
 * <p>Each {@code ensure*} call creates the SCRAM-SHA-512 user with a random password (or returns
 * the credentials this instance already issued for it) and adds its ACLs, then waits until the
 * broker it talks to sees both, so a client may connect right after it returns. A new instance
 * issuing for an existing user replaces that user's password.
 */
public final class AclModel {
  private static final long TIMEOUT_S = 30;
  private static final int SCRAM_ITERATIONS = 8192;

  private final Admin admin;
  private final Map<String, KafkaCredentials> issued = new ConcurrentHashMap<>();

  /**
   * {@code superuserAdmin} must authenticate as a super user (e.g. {@link
   * KafkaSecurity#superuser()}).
   */
  public AclModel(Admin superuserAdmin) {
    if (superuserAdmin == null) {
      throw new IllegalArgumentException("superuser admin client must not be null");
    }
    this.admin = superuserAdmin;
  }

  /** The streaming job's user {@value Principals#JOB} and its ACLs. */
  public KafkaCredentials ensureJob() {
    return ensure(Principals.JOB, jobAcls());
  }

  /** The load generator's user {@value Principals#LOAD_GENERATOR}: writes tasks, nothing else. */
  public KafkaCredentials ensureLoadGenerator() {
    return ensure(Principals.LOAD_GENERATOR, loadGeneratorAcls());
  }

  /** Device {@code deviceId}'s user {@code device-<deviceId>}: its own two topics only. */
  public KafkaCredentials ensureDevice(String deviceId) {
    return ensure(Principals.device(deviceId), deviceAcls(deviceId));
  }

  /**
   * Removes device {@code deviceId}'s ACLs and SCRAM user; its clients are refused from then on.
   */
  public void revokeDevice(String deviceId) {
    String user = Principals.device(deviceId);
    List<AclBindingFilter> filters =
        deviceAcls(deviceId).stream().map(AclBinding::toFilter).toList();
    await(admin.deleteAcls(filters).all(), "delete the ACLs of " + user);
    try {
      admin
          .alterUserScramCredentials(
              List.of(new UserScramCredentialDeletion(user, ScramMechanism.SCRAM_SHA_512)))
          .all()
          .get(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof org.apache.kafka.common.errors.ResourceNotFoundException)) {
        throw new KafkaSetupException("could not delete the SCRAM user " + user, e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaSetupException("interrupted deleting the SCRAM user " + user, e);
    } catch (TimeoutException e) {
      throw new KafkaSetupException("timed out deleting the SCRAM user " + user, e);
    }
    issued.remove(user);
  }

  // ----- the model itself: pure functions, unit-tested and documented in docs/security.md -----

  /**
   * The job: reads tasks (groups and transactional ids prefixed {@value Principals#JOB_GROUP}),
   * creates and writes device topics, results and dead letters, creates and reads the device
   * outcome topics (never writes them: it relays what devices wrote), writes and reads its own
   * measurements topic (the planner's feedback). CREATE is per topic name, not on the cluster, so
   * it cannot create arbitrary topics.
   */
  public static List<AclBinding> jobAcls() {
    String user = Principals.user(Principals.JOB);
    List<AclBinding> acls = new ArrayList<>();
    acls.addAll(
        allow(
            user,
            topic(Topics.TASKS),
            AclOperation.READ,
            AclOperation.DESCRIBE,
            AclOperation.DESCRIBE_CONFIGS,
            AclOperation.CREATE));
    for (String out : List.of(Topics.TASKS_DLQ, Topics.RESULTS)) {
      acls.addAll(
          allow(
              user,
              topic(out),
              AclOperation.WRITE,
              AclOperation.DESCRIBE,
              AclOperation.DESCRIBE_CONFIGS,
              AclOperation.CREATE));
    }
    acls.addAll(
        allow(
            user,
            topic(Topics.MEASUREMENTS),
            AclOperation.READ,
            AclOperation.WRITE,
            AclOperation.DESCRIBE,
            AclOperation.DESCRIBE_CONFIGS,
            AclOperation.CREATE));
    acls.addAll(
        allow(
            user,
            new ResourcePattern(ResourceType.TOPIC, Topics.DEVICE_PREFIX, PatternType.PREFIXED),
            AclOperation.WRITE,
            AclOperation.DESCRIBE,
            AclOperation.DESCRIBE_CONFIGS,
            AclOperation.CREATE));
    acls.addAll(
        allow(
            user,
            new ResourcePattern(ResourceType.TOPIC, Topics.OUTCOMES_PREFIX, PatternType.PREFIXED),
            AclOperation.READ,
            AclOperation.DESCRIBE,
            AclOperation.DESCRIBE_CONFIGS,
            AclOperation.CREATE));
    acls.addAll(
        allow(
            user,
            new ResourcePattern(ResourceType.GROUP, Principals.JOB_GROUP, PatternType.PREFIXED),
            AclOperation.READ,
            AclOperation.DESCRIBE));
    // For an exactly-once KafkaSink whose transactionalIdPrefix starts with "hybridsr-job".
    acls.addAll(
        allow(
            user,
            new ResourcePattern(
                ResourceType.TRANSACTIONAL_ID, Principals.JOB_GROUP, PatternType.PREFIXED),
            AclOperation.WRITE,
            AclOperation.DESCRIBE));
    return List.copyOf(acls);
  }

  /**
   * A device: reads its own patch topic and writes its own outcome topic (both LITERAL, so device
   * "a" can touch neither of "ab"'s). It may not write {@code hybridsr.results}: only the job does,
   * after checking that an outcome comes from the device its task was planned for.
   */
  public static List<AclBinding> deviceAcls(String deviceId) {
    String user = Principals.user(Principals.device(deviceId));
    List<AclBinding> acls = new ArrayList<>();
    acls.addAll(
        allow(user, topic(Topics.deviceTopic(deviceId)), AclOperation.READ, AclOperation.DESCRIBE));
    acls.addAll(
        allow(
            user,
            new ResourcePattern(
                ResourceType.GROUP, Principals.deviceGroup(deviceId), PatternType.LITERAL),
            AclOperation.READ));
    acls.addAll(
        allow(
            user,
            topic(Topics.deviceOutcomeTopic(deviceId)),
            AclOperation.WRITE,
            AclOperation.DESCRIBE));
    return List.copyOf(acls);
  }

  /** The load generator: writes tasks. */
  public static List<AclBinding> loadGeneratorAcls() {
    return allow(
        Principals.user(Principals.LOAD_GENERATOR),
        topic(Topics.TASKS),
        AclOperation.WRITE,
        AclOperation.DESCRIBE);
  }

  private static ResourcePattern topic(String name) {
    return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
  }

  private static List<AclBinding> allow(
      String principal, ResourcePattern resource, AclOperation... ops) {
    List<AclBinding> out = new ArrayList<>();
    for (AclOperation op : ops) {
      out.add(
          new AclBinding(
              resource, new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
    }
    return out;
  }

  // ----- applying it -----

  private KafkaCredentials ensure(String user, List<AclBinding> acls) {
    return issued.computeIfAbsent(user, u -> create(u, acls));
  }

  private KafkaCredentials create(String user, List<AclBinding> acls) {
    KafkaCredentials credentials = KafkaCredentials.generate(user);
    await(
        admin
            .alterUserScramCredentials(
                List.of(
                    new UserScramCredentialUpsertion(
                        user,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                        credentials.password())))
            .all(),
        "create the SCRAM user " + user);
    await(admin.createAcls(acls).all(), "create the ACLs of " + user);
    awaitVisible(user, acls);
    return credentials;
  }

  /** Writes go to the controller; wait until the broker we talk to has applied them. */
  private void awaitVisible(String user, Collection<AclBinding> acls) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
    AclBindingFilter mine =
        new AclBindingFilter(
            ResourcePatternFilter.ANY,
            new AccessControlEntryFilter(
                Principals.user(user), null, AclOperation.ANY, AclPermissionType.ANY));
    while (true) {
      try {
        boolean scram =
            admin
                .describeUserScramCredentials(List.of(user))
                .all()
                .get(TIMEOUT_S, TimeUnit.SECONDS)
                .containsKey(user);
        Set<AclBinding> seen =
            new HashSet<>(admin.describeAcls(mine).values().get(TIMEOUT_S, TimeUnit.SECONDS));
        if (scram && seen.containsAll(acls)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaSetupException("interrupted waiting for user " + user, e);
      } catch (ExecutionException | TimeoutException e) {
        // Not propagated yet (e.g. ResourceNotFound for the user): retry until the deadline.
      }
      if (System.nanoTime() > deadline) {
        throw new KafkaSetupException(
            "user " + user + " or its ACLs not visible after " + TIMEOUT_S + " s", null);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaSetupException("interrupted waiting for user " + user, e);
      }
    }
  }

  private static void await(KafkaFuture<?> future, String what) {
    try {
      future.get(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new KafkaSetupException("could not " + what, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaSetupException("interrupted trying to " + what, e);
    } catch (TimeoutException e) {
      throw new KafkaSetupException("timed out trying to " + what, e);
    }
  }
}
