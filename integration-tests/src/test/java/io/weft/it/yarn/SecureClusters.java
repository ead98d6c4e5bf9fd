package io.weft.it.yarn;

import io.weft.it.MiniYarn;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.minikdc.MiniKdc;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A Kerberized MiniDFSCluster and MiniYARNCluster on Hadoop's MiniKdc, set up as Hadoop's own
 * secure tests do: Kerberos authentication and service-level authorization on, every daemon as
 * {@code user/localhost} (one JVM has one login user), SPNEGO as {@code HTTP/localhost}, block access
 * tokens, SASL on the DataNode's data transfer instead of privileged ports
 * ({@code dfs.data.transfer.protection=authentication}, {@code ignore.secure.ports.for.testing}).
 * The job's user is {@code weft} with its own keytab and a home directory it owns. Delegation tokens
 * live {@code renewIntervalMillis} between renewals and at most {@code maxLifetimeMillis}.
 */
final class SecureClusters implements AutoCloseable {
  final MiniKdc kdc;
  final MiniYarn clusters;
  final File clientKeytab;
  final String clientPrincipal;

  private SecureClusters(MiniKdc kdc, MiniYarn clusters, File clientKeytab, String clientPrincipal) {
    this.kdc = kdc;
    this.clusters = clusters;
    this.clientKeytab = clientKeytab;
    this.clientPrincipal = clientPrincipal;
  }

  static SecureClusters start(Path dir, long renewIntervalMillis, long maxLifetimeMillis) throws Exception {
    Properties kdcConf = MiniKdc.createConf();
    MiniKdc kdc = new MiniKdc(kdcConf, Files.createDirectories(dir.resolve("kdc")).toFile());
    kdc.start();
    String realm = kdc.getRealm();
    File serverKeytab = dir.resolve("server.keytab").toFile();
    kdc.createPrincipal(serverKeytab, "user/localhost", "HTTP/localhost");
    File clientKeytab = dir.resolve("weft.keytab").toFile();
    kdc.createPrincipal(clientKeytab, "weft");
    String server = "user/localhost@" + realm;
    String http = "HTTP/localhost@" + realm;

    // Only the keys set here go to YARN and the clients: MiniDFSCluster adds test-only ones to its own.
    Configuration conf = new Configuration(false);
    conf.set("hadoop.security.authentication", "kerberos");
    conf.setBoolean("hadoop.security.authorization", true);
    conf.set("hadoop.rpc.protection", "authentication");
    // Explicit rules: KerberosName caches the default realm of whatever krb5.conf it saw first.
    conf.set("hadoop.security.auth_to_local", "RULE:[2:$1@$0](.*@" + realm + ")s/@.*//\n"
        + "RULE:[1:$1@$0](.*@" + realm + ")s/@.*//\nDEFAULT");
    conf.set("dfs.namenode.kerberos.principal", server);
    conf.set("dfs.namenode.keytab.file", serverKeytab.getAbsolutePath());
    conf.set("dfs.datanode.kerberos.principal", server);
    conf.set("dfs.datanode.keytab.file", serverKeytab.getAbsolutePath());
    conf.set("dfs.web.authentication.kerberos.principal", http);
    conf.set("dfs.web.authentication.kerberos.keytab", serverKeytab.getAbsolutePath());
    conf.set("dfs.namenode.kerberos.internal.spnego.principal", http);
    conf.setBoolean("dfs.block.access.token.enable", true);
    conf.set("dfs.data.transfer.protection", "authentication");
    conf.set("dfs.http.policy", "HTTP_ONLY");
    conf.setBoolean("ignore.secure.ports.for.testing", true);
    conf.setInt("dfs.replication", 1);
    conf.setLong("dfs.namenode.delegation.token.renew-interval", renewIntervalMillis);
    conf.setLong("dfs.namenode.delegation.token.max-lifetime", maxLifetimeMillis);
    // Clients drop idle connections after 2 s, so a checkpoint a few seconds later authenticates anew
    // with whatever token it has: an expired one fails instead of riding on an old connection.
    conf.setInt("ipc.client.connection.maxidletime", 2_000);
    conf.set(YarnConfiguration.RM_PRINCIPAL, server);
    conf.set(YarnConfiguration.RM_KEYTAB, serverKeytab.getAbsolutePath());
    conf.set(YarnConfiguration.NM_PRINCIPAL, server);
    conf.set(YarnConfiguration.NM_KEYTAB, serverKeytab.getAbsolutePath());
    conf.set(YarnConfiguration.RM_WEBAPP_SPNEGO_USER_NAME_KEY, http);
    conf.set(YarnConfiguration.RM_WEBAPP_SPNEGO_KEYTAB_FILE_KEY, serverKeytab.getAbsolutePath());
    conf.set(YarnConfiguration.NM_WEBAPP_SPNEGO_USER_NAME_KEY, http);
    conf.set(YarnConfiguration.NM_WEBAPP_SPNEGO_KEYTAB_FILE_KEY, serverKeytab.getAbsolutePath());
    HdfsConfiguration hdfsConf = new HdfsConfiguration();
    for (Map.Entry<String, String> e : conf) {
      hdfsConf.set(e.getKey(), e.getValue());
    }
    UserGroupInformation.setConfiguration(hdfsConf);
    UserGroupInformation.loginUserFromKeytab(server, serverKeytab.getAbsolutePath());

    MiniDFSCluster dfs = new MiniDFSCluster.Builder(hdfsConf, dir.resolve("hdfs").toFile()).numDataNodes(1).build();
    dfs.waitActive();
    FileSystem fs = dfs.getFileSystem();
    String defaultFs = fs.getUri().toString();
    // The daemons' user is HDFS's superuser; the job's user gets a home of its own.
    org.apache.hadoop.fs.Path home = new org.apache.hadoop.fs.Path("/user/weft");
    fs.mkdirs(home, new FsPermission((short) 0755));
    fs.setOwner(home, "weft", null);

    YarnConfiguration yarnConf = MiniYarn.configuration(8192, 8);
    for (Map.Entry<String, String> e : conf) {
      yarnConf.set(e.getKey(), e.getValue());
    }
    yarnConf.set("fs.defaultFS", defaultFs);
    yarnConf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
    MiniYARNCluster yarn = new MiniYARNCluster("weft-secure", 1, 1, 1, false);
    yarn.init(yarnConf);
    yarn.start();

    Configuration core = new Configuration(conf);
    core.set("fs.defaultFS", defaultFs);
    return new SecureClusters(kdc, MiniYarn.connect(dir, dfs, fs, yarn, core), clientKeytab, "weft@" + realm);
  }

  /** A keytab of a principal the KDC no longer knows: logging in with it gets the KDC's refusal. */
  File orphanKeytab(String name) throws Exception {
    File keytab = clusters.dir().resolve(name + ".keytab").toFile();
    kdc.createPrincipal(keytab, name);
    // MiniKdc cannot delete a principal; its Kerby server can.
    java.lang.reflect.Field server = MiniKdc.class.getDeclaredField("simpleKdc");
    server.setAccessible(true);
    ((org.apache.kerby.kerberos.kerb.server.SimpleKdcServer) server.get(kdc)).deletePrincipal(
        name + "@" + kdc.getRealm());
    return keytab;
  }

  @Override
  public void close() throws Exception {
    try {
      clusters.close();
    } finally {
      kdc.stop();
      // UGI's state is per JVM: leave later test classes one without Kerberos.
      UserGroupInformation.reset();
      UserGroupInformation.setConfiguration(new Configuration());
    }
  }
}
