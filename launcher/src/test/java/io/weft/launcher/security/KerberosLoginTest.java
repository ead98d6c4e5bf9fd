package io.weft.launcher.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.config.Configuration;
import io.weft.core.security.SecurityOptions;
import io.weft.launcher.cli.CliException;
import java.io.File;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.hadoop.minikdc.MiniKdc;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's login against a real KDC (Hadoop's MiniKdc): a keytab that works, and each way of
 * having no usable credentials refused before submission with the principal, the keytab and the
 * KDC's answer.
 */
class KerberosLoginTest {
  @TempDir static Path dir;
  private static MiniKdc kdc;
  private static File keytab;
  private static File orphanKeytab;

  @BeforeAll
  static void startKdc() throws Exception {
    UserGroupInformation.reset();
    Properties props = MiniKdc.createConf();
    kdc = new MiniKdc(props, dir.resolve("kdc").toFile());
    kdc.start();
    keytab = dir.resolve("weft.keytab").toFile();
    kdc.createPrincipal(keytab, "weft");
    orphanKeytab = dir.resolve("gone.keytab").toFile();
    kdc.createPrincipal(orphanKeytab, "gone");
    // A keytab whose principal the KDC no longer knows, so that the KDC itself refuses the login.
    // MiniKdc has no way to delete a principal; its Kerby server has.
    java.lang.reflect.Field server = MiniKdc.class.getDeclaredField("simpleKdc");
    server.setAccessible(true);
    ((org.apache.kerby.kerberos.kerb.server.SimpleKdcServer) server.get(kdc)).deletePrincipal("gone@" + kdc.getRealm());
  }

  @AfterAll
  static void stopKdc() {
    if (kdc != null) {
      kdc.stop();
    }
    // UGI's settings are per JVM: leave the next test class a JVM without Kerberos.
    UserGroupInformation.reset();
    UserGroupInformation.setConfiguration(new org.apache.hadoop.conf.Configuration());
  }

  private static org.apache.hadoop.conf.Configuration secure() {
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
    conf.set("hadoop.security.authentication", "kerberos");
    return conf;
  }

  private static Configuration withKeytab(String principal, File file) {
    return new Configuration().set(SecurityOptions.PRINCIPAL, principal).set(SecurityOptions.KEYTAB, file.toString());
  }

  @Test
  void aKeytabLogsInAsItsPrincipal() {
    KerberosLogin login = KerberosLogin.login(withKeytab("weft@" + kdc.getRealm(), keytab), secure());
    assertEquals("weft@" + kdc.getRealm(), login.user().getUserName());
    assertTrue(login.user().hasKerberosCredentials());
  }

  @Test
  void aPrincipalTheKdcDoesNotKnowIsRefusedWithTheKdcsAnswer() {
    String principal = "gone@" + kdc.getRealm();
    CliException e = assertThrows(CliException.class,
        () -> KerberosLogin.login(withKeytab(principal, orphanKeytab), secure()));
    assertTrue(e.getMessage().contains(principal) && e.getMessage().contains(orphanKeytab.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("Client not found in Kerberos database"), e.getMessage());
  }

  /**
   * weft list, cancel, savepoint and stop log in like weft run, from the configuration file's
   * keytab: the KDC's refusal of its principal ends them before YARN is asked anything.
   */
  @Test
  void clusterCommandsLogInFromTheConfiguredKeytab() throws Exception {
    String principal = "gone@" + kdc.getRealm();
    Path confDir = java.nio.file.Files.createDirectories(dir.resolve("cli-conf"));
    java.nio.file.Files.writeString(confDir.resolve("weft-conf.yaml"), SecurityOptions.PRINCIPAL.key() + ": " + principal
        + "\n" + SecurityOptions.KEYTAB.key() + ": " + orphanKeytab + "\n");
    Path hadoopConfDir = java.nio.file.Files.createDirectories(dir.resolve("cli-hadoop-conf"));
    java.nio.file.Files.writeString(hadoopConfDir.resolve("core-site.xml"), "<configuration><property><name>"
        + "hadoop.security.authentication</name><value>kerberos</value></property></configuration>");
    io.weft.launcher.cli.CliEnvironment environment = new io.weft.launcher.cli.CliEnvironment(dir,
        java.util.Map.of("WEFT_CONF_DIR", confDir.toString(), "HADOOP_CONF_DIR", hadoopConfDir.toString()));
    for (String[] command : new String[][] {{"list"}, {"cancel", "application_1_0001"},
        {"savepoint", "application_1_0001"}, {"stop", "application_1_0001"}}) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
      int code = io.weft.launcher.WeftCli.run(command, new java.io.PrintStream(out, true),
          new java.io.PrintStream(err, true), environment);
      String said = err.toString();
      assertEquals(2, code, command[0] + ": " + out + said);
      assertTrue(said.contains(principal) && said.contains(orphanKeytab.toString())
          && said.contains("Client not found in Kerberos database"), command[0] + ": " + said);
    }
  }

  @Test
  void aMissingKeytabIsNamed() {
    File missing = dir.resolve("missing.keytab").toFile();
    CliException e = assertThrows(CliException.class,
        () -> KerberosLogin.login(withKeytab("weft@" + kdc.getRealm(), missing), secure()));
    assertTrue(e.getMessage().contains(missing + " of principal weft@" + kdc.getRealm()) && e.getMessage()
        .contains("does not exist"), e.getMessage());
  }

  @Test
  void anEmptyTicketCacheIsRefusedSayingWhatToDo() {
    CliException e = assertThrows(CliException.class, () -> KerberosLogin.login(new Configuration(), secure()));
    assertTrue(e.getMessage().contains("no Kerberos credentials are usable") && e.getMessage().contains("kinit")
        && e.getMessage().contains(SecurityOptions.KEYTAB.key()), e.getMessage());
    CliException off = assertThrows(CliException.class, () -> KerberosLogin.login(
        new Configuration().set(SecurityOptions.USE_TICKET_CACHE, false), secure()));
    assertTrue(off.getMessage().contains(SecurityOptions.USE_TICKET_CACHE.key() + " is false"), off.getMessage());
  }

  @Test
  void halfAKeytabConfigurationIsRefused() {
    CliException e = assertThrows(CliException.class, () -> KerberosLogin.login(
        new Configuration().set(SecurityOptions.PRINCIPAL, "weft"), secure()));
    assertTrue(e.getMessage().contains("go together"), e.getMessage());
  }

  @Test
  void withoutKerberosNothingLogsIn() {
    assertNull(KerberosLogin.login(new Configuration(), new org.apache.hadoop.conf.Configuration(false)).user());
  }
}
