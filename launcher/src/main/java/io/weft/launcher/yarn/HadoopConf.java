package io.weft.launcher.yarn;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * The Hadoop client configuration of the cluster to talk to: {@code $HADOOP_CONF_DIR}, else the
 * classpath, then Weft options prefixed {@code weft.hadoop.} (as Flink's {@code flink.hadoop.}),
 * e.g. {@code -yD weft.hadoop.yarn.resourcemanager.connect.max-wait.ms=5000}.
 */
public final class HadoopConf {
  /** Weft options with this prefix are Hadoop options. */
  public static final String PREFIX = "weft.hadoop.";
  private static final String RM_CONNECT_MAX_WAIT = "yarn.resourcemanager.connect.max-wait.ms";
  private static final String RM_CONNECT_RETRY_INTERVAL = "yarn.resourcemanager.connect.retry-interval.ms";
  private static final String CLOSE_INITIAL_DELAY = "dfs.client.block.write.locateFollowingBlock.initial.delay.ms";
  private static final String CLOSE_RETRIES = "dfs.client.block.write.locateFollowingBlock.retries";

  private HadoopConf() {}

  public static YarnConfiguration load(String hadoopConfDir) {
    return load(hadoopConfDir, new io.weft.core.config.Configuration());
  }

  public static YarnConfiguration load(String hadoopConfDir, io.weft.core.config.Configuration weftConf) {
    YarnConfiguration conf = new YarnConfiguration();
    if (hadoopConfDir != null) {
      for (String file : new String[] {"core-site.xml", "hdfs-site.xml", "yarn-site.xml"}) {
        Path p = Path.of(hadoopConfDir, file);
        if (Files.isRegularFile(p)) {
          conf.addResource(new org.apache.hadoop.fs.Path(p.toUri()));
        }
      }
    }
    // Hadoop's client waits 15 minutes for an unreachable ResourceManager; a person at a prompt
    // wants to hear within seconds that the address is wrong or the cluster is down.
    if (conf.get(RM_CONNECT_MAX_WAIT) == null || conf.getPropertySources(RM_CONNECT_MAX_WAIT) == null
        || conf.getPropertySources(RM_CONNECT_MAX_WAIT)[0].contains("default")) {
      conf.setLong(RM_CONNECT_MAX_WAIT, 20_000);
      conf.setLong(RM_CONNECT_RETRY_INTERVAL, 1_000);
    }
    // Closing an HDFS file asks the NameNode whether its last block is complete; when the DataNode's
    // report has not arrived yet, the client sleeps 400 ms (Hadoop's default), then doubles, five
    // times. Staging closes a file for each of job.jar, the plan, the configuration and
    // hadoop-conf/*, and usually loses that first race by a few milliseconds: every submission
    // waited 0.4 s for nothing. Poll from 50 ms, eight times: about as patient in all (12.75 s
    // against 12.4 s), only sooner. Cluster files that set either key keep their values.
    if (isDefault(conf, CLOSE_INITIAL_DELAY) && isDefault(conf, CLOSE_RETRIES)) {
      conf.setLong(CLOSE_INITIAL_DELAY, 50);
      conf.setInt(CLOSE_RETRIES, 8);
    }
    weftConf.toMap().forEach((key, value) -> {
      if (key.startsWith(PREFIX)) {
        conf.set(key.substring(PREFIX.length()), value);
      }
    });
    return conf;
  }

  private static boolean isDefault(YarnConfiguration conf, String key) {
    String[] sources = conf.getPropertySources(key);
    return conf.get(key) == null || sources == null || sources[0].contains("default");
  }
}
