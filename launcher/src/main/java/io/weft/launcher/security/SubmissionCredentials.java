package io.weft.launcher.security;

import io.weft.appmaster.security.ContainerKerberos;
import io.weft.core.config.Configuration;
import io.weft.core.security.DelegationTokens;
import io.weft.core.security.SecurityOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.URL;
import org.apache.hadoop.yarn.client.ClientRMProxy;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.util.YarnClientUtils;
import org.apache.hadoop.yarn.util.ConverterUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a submission to a secure cluster adds to the ApplicationMaster's launch context: delegation
 * tokens of every file system the job reaches ({@link DelegationTokens#fileSystems}) and the
 * ResourceManager's, all renewable by the ResourceManager (which renews them for the application
 * until their max lifetime and cancels them when it ends); and the staged files: the keytab (0600,
 * APPLICATION visibility, the ApplicationMaster's only) and the krb5.conf.
 */
public final class SubmissionCredentials {
  private static final Logger LOG = LoggerFactory.getLogger(SubmissionCredentials.class);

  private SubmissionCredentials() {}

  /** The tokens for the ApplicationMaster; none when Hadoop security is off. Runs as the logged-in user. */
  public static Credentials obtain(Configuration conf, org.apache.hadoop.conf.Configuration hadoopConf,
      YarnClient yarn) throws IOException {
    if (!UserGroupInformation.isSecurityEnabled()) {
      return new Credentials();
    }
    String renewer = YarnClientUtils.getRmPrincipal(hadoopConf);
    if (renewer == null || renewer.isBlank()) {
      throw new IOException("the cluster is secure but yarn.resourcemanager.principal is not set in its"
          + " configuration (HADOOP_CONF_DIR): the ResourceManager must be able to renew the job's tokens");
    }
    Credentials tokens = DelegationTokens.obtain(DelegationTokens.fileSystems(conf, hadoopConf), hadoopConf, renewer);
    try {
      org.apache.hadoop.yarn.api.records.Token rm = yarn.getRMDelegationToken(new Text(renewer));
      Token<TokenIdentifier> token = ConverterUtils.convertFromYarn(rm,
          ClientRMProxy.getRMDelegationTokenService(hadoopConf));
      tokens.addToken(token.getService(), token);
    } catch (org.apache.hadoop.yarn.exceptions.YarnException e) {
      throw new IOException("cannot obtain the ResourceManager's delegation token: " + e.getMessage(), e);
    }
    LOG.info("Obtained delegation tokens for the ApplicationMaster (renewer {}): {}", renewer,
        DelegationTokens.describe(tokens));
    return tokens;
  }

  /** The keytab and krb5.conf to stage for the ApplicationMaster, by name in its working directory. */
  public static Map<String, Callable<LocalResource>> stagedFiles(Configuration conf, FileSystem fs, Path staging) {
    Map<String, Callable<LocalResource>> files = new LinkedHashMap<>();
    if (conf.get(SecurityOptions.KEYTAB) != null && UserGroupInformation.isSecurityEnabled()) {
      java.nio.file.Path keytab = java.nio.file.Path.of(conf.get(SecurityOptions.KEYTAB));
      files.put(ContainerKerberos.KEYTAB_FILE, () -> upload(fs, keytab, new Path(staging, ContainerKerberos.KEYTAB_FILE),
          (short) 0600));
    }
    if (conf.get(SecurityOptions.KRB5_CONF) != null) {
      java.nio.file.Path krb5 = java.nio.file.Path.of(conf.get(SecurityOptions.KRB5_CONF));
      if (!Files.isRegularFile(krb5)) {
        throw new IllegalArgumentException(SecurityOptions.KRB5_CONF.key() + "=" + krb5 + " is not a file");
      }
      files.put(ContainerKerberos.KRB5_CONF_FILE, () -> upload(fs, krb5,
          new Path(staging, ContainerKerberos.KRB5_CONF_FILE), (short) 0644));
    }
    return files;
  }

  private static LocalResource upload(FileSystem fs, java.nio.file.Path local, Path target, short permission)
      throws IOException {
    // Created owner-only from the first byte, and set again so no umask can widen it.
    try (InputStream in = Files.newInputStream(local); FSDataOutputStream out = fs.create(target,
        new FsPermission((short) 0600), true, 4096, fs.getDefaultReplication(target), fs.getDefaultBlockSize(target),
        null)) {
      in.transferTo(out);
    }
    fs.setPermission(target, new FsPermission(permission));
    FileStatus f = fs.getFileStatus(target);
    return LocalResource.newInstance(URL.fromPath(f.getPath()), LocalResourceType.FILE,
        LocalResourceVisibility.APPLICATION, f.getLen(), f.getModificationTime());
  }
}
