package io.weft.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.KeySelector;
import io.weft.api.functions.MapFunction;
import io.weft.core.rpc.RpcSecret;
import io.weft.core.types.Types;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlanFileTest {
  private static final ClassLoader LOADER = PlanFileTest.class.getClassLoader();
  private final byte[] key = PlanFile.key(RpcSecret.generate());

  /** A plan whose map captures values computed while it is built, as a user's main() does. */
  private static JobGraph plan(String runId, long submitted) {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    env.fromSequence(1, 8).rebalance()
        .map(i -> "run=" + runId + " t=" + submitted + " i=" + i).returns(String.class).name("label")
        .keyBy(s -> s.length(), Types.INT)
        .reduce((a, b) -> a).name("first")
        .print();
    return env.buildJobGraph("captures");
  }

  @SuppressWarnings("unchecked")
  private static MapFunction<Long, String> labelFunction(JobGraph graph) {
    for (StreamNode n : graph.streamGraph().nodes()) {
      if (n.name().equals("label")) {
        return ((OperatorSpec.MapSpec<Long, String>) n.spec()).function();
      }
    }
    throw new AssertionError("no operator 'label'");
  }

  private JobGraph read(byte[] file) throws IOException {
    return PlanFile.read(new ByteArrayInputStream(file), "hdfs://nn/.weft/app_1/job.plan", key, LOADER);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theReadPlanCarriesTheValuesTheClientComputedAndTheSameShape() throws Exception {
    String runId = UUID.randomUUID().toString();
    long submitted = System.nanoTime();
    JobGraph original = plan(runId, submitted);

    JobGraph read = read(PlanFile.toBytes(original, key));

    assertEquals("run=" + runId + " t=" + submitted + " i=3", labelFunction(read).map(3L));
    assertEquals(original.fingerprint(), read.fingerprint());
    assertEquals(original.describe(), read.describe());
    StreamEdge keyed = null;
    for (StreamNode n : read.streamGraph().nodes()) {
      for (StreamEdge e : n.outEdges()) {
        if (e.partitioning().kind() == Partitioning.Kind.HASH) {
          keyed = e;
        }
      }
      if (n.name().equals("label")) {
        assertSame(Types.STRING, n.outputType(), "a basic type reads back as its constant, serializer and all");
      }
    }
    assertNotNull(keyed, "the keyBy edge is there");
    assertSame(Types.INT, keyed.partitioning().keyType(), "the key type survives: checkpoints need it");
    assertEquals(7, ((KeySelector<String, Integer>) keyed.partitioning().keySelector()).getKey("1234567"));
  }

  @Test
  void aChangeToAnyByteIsRefusedNamingTheFile() throws Exception {
    byte[] file = PlanFile.toBytes(plan("r", 1), key);
    for (int i = 0; i < file.length; i++) {
      byte[] tampered = file.clone();
      tampered[i] ^= 0x01;
      IOException e = assertThrows(IOException.class, () -> read(tampered), "byte " + i + " changed");
      assertTrue(e instanceof PlanFile.InvalidPlanFileException, "byte " + i + ": " + e);
      assertTrue(e.getMessage().startsWith("The staged plan hdfs://nn/.weft/app_1/job.plan cannot be used: "),
          e.getMessage());
    }
    byte[] payloadChanged = file.clone();
    payloadChanged[file.length - 10] ^= 0x40;
    assertTrue(assertThrows(IOException.class, () -> read(payloadChanged)).getMessage()
        .contains("its MAC does not match"));
    byte[] magicChanged = file.clone();
    magicChanged[0] = 'X';
    assertTrue(assertThrows(IOException.class, () -> read(magicChanged)).getMessage().contains("bad magic"));
    byte[] versionChanged = file.clone();
    versionChanged[11] = 2;
    assertTrue(assertThrows(IOException.class, () -> read(versionChanged)).getMessage()
        .contains("format version 2, but this Weft reads version 1"));
  }

  @Test
  void aTruncatedOrExtendedFileIsRefused() throws Exception {
    byte[] file = PlanFile.toBytes(plan("r", 1), key);
    assertTrue(assertThrows(IOException.class, () -> read(Arrays.copyOf(file, file.length - 1))).getMessage()
        .contains("truncated"));
    assertTrue(assertThrows(IOException.class, () -> read(Arrays.copyOf(file, 20))).getMessage()
        .contains("ends inside its header"));
    assertTrue(assertThrows(IOException.class, () -> read(Arrays.copyOf(file, file.length + 1))).getMessage()
        .contains("bytes after"));
  }

  @Test
  void aFileSignedForAnotherApplicationIsRefused() {
    byte[] file = PlanFile.toBytes(plan("r", 1), PlanFile.key(RpcSecret.generate()));
    IOException e = assertThrows(IOException.class, () -> read(file));
    assertTrue(e.getMessage().contains("MAC does not match"), e.getMessage());
  }

  @Test
  void aFunctionThatCannotBeShippedIsRefusedNamingItsOperator() {
    Object notSerializable = new Object();
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    env.fromSequence(1, 3).map(i -> i + notSerializable.hashCode()).returns(Long.class).name("enrich").print();
    JobGraph graph = env.buildJobGraph("bad");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlanFile.toBytes(graph, key));
    assertTrue(e.getMessage().startsWith("The function of operator 'enrich' cannot be shipped to its tasks: "
        + "java.lang.Object is not serializable"), e.getMessage());
    IllegalArgumentException local = assertThrows(IllegalArgumentException.class, () -> PlanFile.copy(graph, LOADER));
    assertEquals(e.getMessage(), local.getMessage(), "-m local refuses it with the same words");
  }

  @Test
  void aCopyIsAnotherObjectWithTheSameValues() throws Exception {
    JobGraph original = plan("abc", 42);
    JobGraph copy = PlanFile.copy(original, LOADER);
    assertTrue(labelFunction(copy) != labelFunction(original));
    assertEquals("run=abc t=42 i=1", labelFunction(copy).map(1L));
  }
}
